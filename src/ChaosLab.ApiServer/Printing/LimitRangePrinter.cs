using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get limitranges: the name and when it was created (RFC 3339).</summary>
public sealed class LimitRangePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.ObjectName, TableColumn.CreatedAt];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(obj.Name(), obj.CreatedAt());
}
