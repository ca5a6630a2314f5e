using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get deployments: Ready "ready/desired", Up-to-date, Available.</summary>
public sealed class DeploymentPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumn.Age,
        TableColumn.Containers,
        TableColumn.Images,
        TableColumn.Selector,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        // An absent spec.replicas defaults to 1 on the server, so that is what the user asked for.
        var desired = obj.LongOrNull("spec", "replicas") ?? 1;
        var (names, images) = LabelFormat.Containers(obj.At("spec", "template", "spec"));
        return new JsonArray(
            obj.Name(), $"{obj.Long("status", "readyReplicas")}/{desired}", obj.Long("status", "updatedReplicas"),
            obj.Long("status", "availableReplicas"), obj.Age(now), names, images, LabelFormat.Selector(obj.At("spec", "selector")));
    }
}
