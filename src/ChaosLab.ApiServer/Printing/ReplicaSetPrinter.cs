using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get replicasets: Desired, Current, Ready.</summary>
public sealed class ReplicaSetPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Desired", "integer", "Replicas is the number of desired pods."),
        new("Current", "integer", "Replicas is the most recently observed number of non-terminating pods."),
        new("Ready", "integer", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
        TableColumn.Age,
        TableColumn.Containers,
        TableColumn.Images,
        TableColumn.Selector,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = LabelFormat.Containers(obj.At("spec", "template", "spec"));
        return new JsonArray(
            obj.Name(), obj.LongOrNull("spec", "replicas") ?? 1, obj.Long("status", "replicas"), obj.Long("status", "readyReplicas"),
            obj.Age(now), names, images, LabelFormat.SelectorOrNone(obj.At("spec", "selector")));
    }
}
