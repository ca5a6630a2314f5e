using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Apply;

/// <summary>
/// One entry of metadata.managedFields: who (manager, operation, subresource) owns which fields, written through
/// which apiVersion and when. Two entries are the same owner when manager, operation and subresource match and, for
/// an Update, the apiVersion too (an applier keeps one entry whatever version it applies through), as upstream.
/// </summary>
public sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public bool SameOwner(ManagedFieldsEntry other) =>
        other is not null && other.Manager == Manager && other.Operation == Operation && (other.Subresource ?? "") == (Subresource ?? "")
        && (Operation == Apply || other.ApiVersion == ApiVersion);

    /// <summary>The owner as upstream names it in a conflict: "a", or "kubectl-edit" using v1 at 2026-01-01T00:00:00Z.</summary>
    public string Describe()
    {
        var text = Quote(Manager);
        if (!string.IsNullOrEmpty(Subresource)) text += $" with subresource {Quote(Subresource)}";
        if (Operation == Update)
        {
            text += $" using {ApiVersion}" + (Time is null ? "" : $" at {Time}");
        }
        return text;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["manager"] = Manager, ["operation"] = Operation, ["apiVersion"] = ApiVersion };
        if (Time is not null) json["time"] = Time;
        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource)) json["subresource"] = Subresource;
        return json;
    }

    /// <summary>The entries of <paramref name="managedFields"/>, or null when any of them is not a valid entry.</summary>
    public static List<ManagedFieldsEntry>? ReadAll(JsonNode? managedFields)
    {
        if (managedFields is not JsonArray array) return managedFields is null ? [] : null;
        var entries = new List<ManagedFieldsEntry>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject entry) return null;
            var operation = Text(entry["operation"]);
            var apiVersion = Text(entry["apiVersion"]);
            if (operation is not (Apply or Update) || string.IsNullOrEmpty(apiVersion) || Text(entry["fieldsType"]) != "FieldsV1") return null;
            var fields = entry["fieldsV1"] is null ? new FieldSet() : FieldSet.FromFieldsV1(entry["fieldsV1"]);
            if (fields is null) return null;
            entries.Add(new ManagedFieldsEntry(Text(entry["manager"]) ?? "", operation, apiVersion, Text(entry["time"]), Text(entry["subresource"]), fields));
        }
        return entries;
    }

    /// <summary>Upstream's order: operation, then time (to the second), manager, apiVersion, subresource.</summary>
    public static JsonArray WriteAll(IEnumerable<ManagedFieldsEntry> entries) =>
        [.. entries.Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource ?? "", StringComparer.Ordinal)
            .Select(e => (JsonNode)e.ToJson())];

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Quote(string text) => Http.GoJson.Text(JsonValue.Create(text));
}
