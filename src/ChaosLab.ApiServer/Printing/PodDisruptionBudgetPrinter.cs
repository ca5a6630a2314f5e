using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get poddisruptionbudgets: Min Available and Max Unavailable ("N/A" when unset), Allowed Disruptions.</summary>
public sealed class PodDisruptionBudgetPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Min Available", "string", "The minimum number of pods that must be available."),
        new("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
        new("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(
        obj.Name(), IntOrString(obj.At("spec", "minAvailable")), IntOrString(obj.At("spec", "maxUnavailable")),
        obj.Long("status", "disruptionsAllowed"), obj.Age(now));

    private static string IntOrString(JsonNode? value) => value switch
    {
        null => "N/A",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
