using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get roles and clusterroles: the name and when it was created (RFC 3339), as upstream prints them.</summary>
public sealed class RolePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.ObjectName, TableColumn.CreatedAt];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(obj.Name(), obj.CreatedAt());
}
