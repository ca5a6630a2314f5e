using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get namespaces: Status is the phase (Active or Terminating).</summary>
public sealed class NamespacePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Status", "string", "The status of the namespace"),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(obj.Name(), obj.Str("status", "phase"), obj.Age(now));
}
