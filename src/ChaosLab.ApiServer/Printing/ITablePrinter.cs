using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>
/// The columns of one kind and how to fill them from an object's wire JSON. Cells always include the wide
/// (priority 1) columns: the server sends them all and kubectl hides them unless -o wide.
/// </summary>
public interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    JsonArray Cells(JsonObject obj, DateTimeOffset now);
}
