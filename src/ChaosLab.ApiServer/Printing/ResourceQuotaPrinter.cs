using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>
/// kubectl get resourcequotas: "resource: used/hard" for each resource of status.hard by name, limits.* under Limit and
/// the rest under Request.
/// </summary>
public sealed class ResourceQuotaPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Age,
        new("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
        new("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var used = obj.StringMap("status", "used").ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal);
        var requests = new List<string>();
        var limits = new List<string>();
        foreach (var (name, hard) in obj.StringMap("status", "hard").OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var line = $"{name}: {used.GetValueOrDefault(name, "0")}/{hard}";
            (name.Split('.') is ["limits", _, ..] ? limits : requests).Add(line);
        }

        return new JsonArray(obj.Name(), obj.Age(now), string.Join(", ", requests), string.Join(", ", limits));
    }
}
