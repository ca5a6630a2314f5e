using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get replicationcontrollers: Desired, Current, Ready; the selector is a plain label map.</summary>
public sealed class ReplicationControllerPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Desired", "integer", "Replicas is the number of desired replicas."),
        new("Current", "integer", "Replicas is the most recently observed number of replicas."),
        new("Ready", "integer", "The number of ready replicas for this replication controller."),
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
            obj.Age(now), names, images, LabelFormat.Labels(obj.StringMap("spec", "selector")));
    }
}
