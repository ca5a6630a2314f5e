using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>Any kind without its own printer: Name and Age, the same columns kubectl falls back to.</summary>
public sealed class DefaultPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.ObjectName, TableColumn.Age];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(obj.Name(), obj.Age(now));
}
