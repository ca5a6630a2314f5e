using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get statefulsets: Ready "ready/desired".</summary>
public sealed class StatefulSetPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Ready", "string", "Number of the pod with ready state"),
        TableColumn.Age,
        TableColumn.Containers,
        TableColumn.Images,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = LabelFormat.Containers(obj.At("spec", "template", "spec"));
        return new JsonArray(
            obj.Name(), $"{obj.Long("status", "readyReplicas")}/{obj.LongOrNull("spec", "replicas") ?? 1}", obj.Age(now), names, images);
    }
}
