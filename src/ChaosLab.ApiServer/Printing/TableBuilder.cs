using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Printing;

/// <summary>Builds the meta.k8s.io/v1 Table that kubectl asks for with Accept: application/json;as=Table;v=v1;g=meta.k8s.io.</summary>
public static class TableBuilder
{
    private static readonly ITablePrinter Default = new DefaultPrinter();

    private static readonly Dictionary<string, ITablePrinter> ByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] = new PodPrinter(),
        ["Node"] = new NodePrinter(),
        ["Deployment"] = new DeploymentPrinter(),
        ["ReplicaSet"] = new ReplicaSetPrinter(),
        ["Service"] = new ServicePrinter(),
        ["Namespace"] = new NamespacePrinter(),
        ["Lease"] = new LeasePrinter(),
        ["Endpoints"] = new EndpointsPrinter(),
        ["Event"] = new EventPrinter(),
        ["Job"] = new JobPrinter(),
        ["CronJob"] = new CronJobPrinter(),
        ["DaemonSet"] = new DaemonSetPrinter(),
        ["StatefulSet"] = new StatefulSetPrinter(),
        ["ReplicationController"] = new ReplicationControllerPrinter(),
        ["ControllerRevision"] = new ControllerRevisionPrinter(),
        ["PodTemplate"] = new PodTemplatePrinter(),
        ["PodDisruptionBudget"] = new PodDisruptionBudgetPrinter(),
        ["HorizontalPodAutoscaler"] = new HorizontalPodAutoscalerPrinter(),
        ["Ingress"] = new IngressPrinter(),
        ["IngressClass"] = new IngressClassPrinter(),
        ["NetworkPolicy"] = new NetworkPolicyPrinter(),
        ["ResourceQuota"] = new ResourceQuotaPrinter(),
        ["LimitRange"] = new LimitRangePrinter(),
        ["PersistentVolume"] = new PersistentVolumePrinter(),
        ["PersistentVolumeClaim"] = new PersistentVolumeClaimPrinter(),
        ["Role"] = new RolePrinter(),
        ["ClusterRole"] = new RolePrinter(),
        ["RoleBinding"] = new RoleBindingPrinter(),
        ["ClusterRoleBinding"] = new RoleBindingPrinter(),
        ["StorageClass"] = new StorageClassPrinter(),
        ["PriorityClass"] = new PriorityClassPrinter(),
    };

    public static ITablePrinter PrinterFor(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Custom is { } custom)
        {
            return new CustomResourcePrinter(custom.PrinterColumns);
        }
        return ByKind.GetValueOrDefault(type.Kind, Default);
    }

    /// <summary>
    /// One row per object. Watch events after the first pass includeColumnDefinitions=false (upstream's NoHeaders);
    /// kubectl then keeps the columns it already has.
    /// </summary>
    public static JsonObject Build(
        ResourceType type, IEnumerable<JsonObject> objects, string? resourceVersion, bool includeColumnDefinitions,
        IncludeObject include, DateTimeOffset now, string? continueToken = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var printer = PrinterFor(type);
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        var columns = includeColumnDefinitions ? printer.Columns.Select(c => (JsonNode?)c.ToJson()).ToArray() : [];
        var rows = objects.Select(o => (JsonNode?)new JsonObject { ["cells"] = printer.Cells(o, now), ["object"] = RowObject(o, include) });
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns),
            ["rows"] = new JsonArray(rows.ToArray()),
        };
    }

    private static JsonObject? RowObject(JsonObject obj, IncludeObject include) => include switch
    {
        IncludeObject.None => null,
        IncludeObject.Object => obj.DeepClone().AsObject(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
        },
    };
}
