using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get podtemplates: the template's containers, images and pod labels; no age column, as upstream.</summary>
public sealed class PodTemplatePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Containers", "string", "Names of each container in the template."),
        new("Images", "string", "Images referenced by each container in the template."),
        new("Pod Labels", "string", "The labels for the pod template."),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = LabelFormat.Containers(obj.At("template", "spec"));
        return new JsonArray(obj.Name(), names, images, LabelFormat.Labels(obj.StringMap("template", "metadata", "labels")));
    }
}
