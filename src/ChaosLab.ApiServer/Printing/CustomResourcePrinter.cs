using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.CustomResources;

namespace ChaosLab.ApiServer.Printing;

/// <summary>
/// A custom resource's columns as upstream's CRD table convertor builds them: Name, then the version's
/// additionalPrinterColumns read by their JSONPath ("date" columns shown as an age); Name and Age when it has none.
/// </summary>
public sealed class CustomResourcePrinter : ITablePrinter
{
    private readonly IReadOnlyList<JsonObject> definitions;

    public CustomResourcePrinter(IReadOnlyList<JsonObject> printerColumns)
    {
        ArgumentNullException.ThrowIfNull(printerColumns);
        definitions = printerColumns;
        Columns = definitions.Count == 0
            ? [TableColumn.ObjectName, TableColumn.Age]
            : [TableColumn.ObjectName, .. definitions.Select(ToColumn)];
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (definitions.Count == 0)
        {
            return new JsonArray(obj.Name(), obj.Age(now));
        }
        var cells = new JsonArray(obj.Name());
        foreach (var column in definitions)
        {
            var type = (string?)column["type"] ?? "string";
            var value = PrinterColumnPath.Read(obj, (string?)column["jsonPath"] ?? "");
            if (type == "date" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String &&
                DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                cells.Add(HumanDuration.Since(time, now));
                continue;
            }
            cells.Add(PrinterColumnPath.Cell(value, type));
        }
        return cells;
    }

    private static TableColumn ToColumn(JsonObject column)
    {
        var jsonPath = (string?)column["jsonPath"] ?? "";
        var description = (string?)column["description"] is { Length: > 0 } d ? d : $"Custom resource definition column (in JSONPath format): {jsonPath}";
        var type = (string?)column["type"] ?? "string";
        return new TableColumn((string?)column["name"] ?? "", type, description, (int?)(long?)column["priority"] ?? 0, (string?)column["format"] ?? "");
    }
}
