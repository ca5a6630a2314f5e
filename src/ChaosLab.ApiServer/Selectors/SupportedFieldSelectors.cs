using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Selectors;

/// <summary>The field labels upstream lets each kind be selected by; anything else is a 400.</summary>
public static class SupportedFieldSelectors
{
    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, string[]> ByKind = new()
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["Event"] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
        ],
        ["Secret"] = ["type"],
        ["Namespace"] = ["status.phase"],
        ["Node"] = ["spec.unschedulable"],
        ["ReplicaSet"] = ["status.replicas"],
    };

    public static IReadOnlyList<string> For(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Custom is null ? [.. Common, .. ByKind.GetValueOrDefault(type.Kind, [])] : Common;
    }

    public static void Check(ResourceType type, FieldSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var supported = For(type);
        var unsupported = selector.Fields.FirstOrDefault(f => !supported.Contains(f));
        if (unsupported is not null) throw ApiException.BadRequest($"field label not supported: {unsupported}");
    }
}
