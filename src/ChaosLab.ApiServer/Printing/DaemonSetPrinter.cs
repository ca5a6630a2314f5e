using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get daemonsets: the scheduled, ready, updated and available counts and the template's node selector.</summary>
public sealed class DaemonSetPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Desired", "integer", "The total number of nodes that should be running the daemon pod."),
        new("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
        new("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of it running with a Ready Condition."),
        new("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod."),
        new("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of it running and available."),
        new("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
        TableColumn.Age,
        TableColumn.Containers,
        TableColumn.Images,
        TableColumn.Selector,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = LabelFormat.Containers(obj.At("spec", "template", "spec"));
        return new JsonArray(
            obj.Name(), obj.Long("status", "desiredNumberScheduled"), obj.Long("status", "currentNumberScheduled"), obj.Long("status", "numberReady"),
            obj.Long("status", "updatedNumberScheduled"), obj.Long("status", "numberAvailable"),
            LabelFormat.Labels(obj.StringMap("spec", "template", "spec", "nodeSelector")), obj.Age(now), names, images,
            LabelFormat.SelectorOrNone(obj.At("spec", "selector")));
    }
}
