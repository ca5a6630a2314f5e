using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get nodes: Status from the Ready condition (plus SchedulingDisabled), Roles from node-role labels.</summary>
public sealed class NodePrinter : ITablePrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Status", "string", "The status of the node"),
        new("Roles", "string", "The roles of the node"),
        TableColumn.Age,
        new("Version", "string", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", "The first InternalIP address of the node.", 1),
        new("External-IP", "string", "The first ExternalIP address of the node.", 1),
        new("OS-Image", "string", "OS Image reported by the node from /etc/os-release.", 1),
        new("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r'.", 1),
        new("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API.", 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var status = obj.At("status");
        var ready = status.Objects("conditions").LastOrDefault(c => c.Str("type") == "Ready");
        var text = ready is null ? "Unknown" : ready.Str("status") == "True" ? "Ready" : "NotReady";
        if (obj.Bool("spec", "unschedulable"))
        {
            text += ",SchedulingDisabled";
        }

        var info = status.At("nodeInfo");
        return new JsonArray(
            obj.Name(), text, string.Join(",", Roles(obj)).OrNone(), obj.Age(now), info.Str("kubeletVersion"),
            Address(status, "InternalIP"), Address(status, "ExternalIP"),
            Unknown(info.Str("osImage")), Unknown(info.Str("kernelVersion")), Unknown(info.Str("containerRuntimeVersion")));
    }

    /// <summary>Roles come from node-role.kubernetes.io/ROLE labels and the older kubernetes.io/role=ROLE label.</summary>
    private static IEnumerable<string> Roles(JsonObject node) => node.StringMap("metadata", "labels")
        .Select(l => l.Key.StartsWith(RolePrefix, StringComparison.Ordinal) ? l.Key[RolePrefix.Length..]
            : l.Key == "kubernetes.io/role" ? l.Value : "")
        .Where(role => role.Length > 0)
        .Distinct()
        .Order(StringComparer.Ordinal);

    private static string Address(JsonNode? status, string type) =>
        status.Objects("addresses").FirstOrDefault(a => a.Str("type") == type)?.Str("address") ?? "<none>";

    private static string Unknown(string value) => value.Length == 0 ? "<unknown>" : value;
}
