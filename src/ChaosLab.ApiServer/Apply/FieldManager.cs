using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Apply;

/// <summary>Who writes and how the write must be recorded: the manager, the apiVersion it writes through, the subresource, the clock.</summary>
public sealed record FieldWriter(string Manager, string ApiVersion, string? Subresource, DateTimeOffset Now)
{
    public string Time => Rest.ObjectMeta.Timestamp(Now);
}

/// <summary>
/// Maintains metadata.managedFields as upstream's field manager does. An update (create, update, patch) gives its
/// manager an Update entry with the fields it added or changed, and takes removed fields from every owner. An apply
/// merges the configuration, removes what the applier no longer applies and nobody else owns, refuses (409) to change
/// a field another manager owns unless forced, and gives the applier an Apply entry with exactly what it applied.
/// </summary>
public static class FieldManager
{
    /// <summary>Sets <paramref name="updated"/>'s managedFields for an update from <paramref name="old"/> (null for a create).</summary>
    public static void RecordUpdate(JsonObject? old, JsonObject updated, FieldWriter writer, IApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(writer);
        var entries = Starting(old, updated);
        var comparison = FieldSetBuilder.Compare(old, updated, schema);
        if (!comparison.IsSame)
        {
            var changed = comparison.Added.Union(comparison.Modified);
            entries = [.. entries.Select(e => e with { Fields = e.Fields.Difference(changed).Difference(comparison.Removed) })];
            if (!changed.IsEmpty)
            {
                var mine = new ManagedFieldsEntry(writer.Manager, ManagedFieldsEntry.Update, writer.ApiVersion, writer.Time, writer.Subresource, changed);
                var previous = entries.FirstOrDefault(e => e.SameOwner(mine));
                entries.Remove(previous!);
                entries.Add(previous is null ? mine : mine with { Fields = previous.Fields.Union(changed) });
            }
        }
        Store(updated, entries);
    }

    /// <summary>
    /// The object <paramref name="config"/> applied to <paramref name="live"/> by <paramref name="writer"/>, its managedFields
    /// set; <paramref name="live"/> is null when the apply creates the object. Throws the 409 of a conflict unless forced.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject config, FieldWriter writer, bool force, IApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        var entries = Starting(live, null);
        var liveObject = live ?? [];
        var applied = FieldSetBuilder.OfConfiguration(config, schema);
        var mine = new ManagedFieldsEntry(writer.Manager, ManagedFieldsEntry.Apply, writer.ApiVersion, writer.Time, writer.Subresource, applied);
        var previous = entries.FirstOrDefault(e => e.SameOwner(mine));
        var others = entries.Where(e => !ReferenceEquals(e, previous)).ToList();

        var merged = ApplyMerge.Merge(liveObject, config, schema);
        (merged["metadata"] as JsonObject)?.Remove("managedFields");
        if (previous is not null)
        {
            var owned = others.Aggregate(applied, (all, e) => all.Union(e.Fields));
            var released = previous.Fields.Difference(applied).Difference(owned);
            ApplyMerge.Prune(merged, released, owned, schema);
        }

        var comparison = FieldSetBuilder.Compare(liveObject, merged, schema);
        var changed = comparison.Added.Union(comparison.Modified);
        var conflicts = others
            .Select(e => (Entry: e, Fields: e.Fields.Intersection(changed)))
            .Where(c => !c.Fields.IsEmpty)
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }
        var result = others.Select(e => e with { Fields = e.Fields.Difference(changed).Difference(comparison.Removed) }).ToList();
        // An apply that changes nothing keeps its old time, so that applying the same configuration again writes nothing.
        var unchanged = comparison.IsSame && previous is not null;
        result.Add(unchanged ? mine with { Time = previous!.Time ?? mine.Time } : mine);
        Store(merged, result);
        return merged;
    }

    /// <summary>Upstream's apply conflict: 409, one FieldManagerConflict cause per field, the message naming each.</summary>
    public static ApiException Conflict(IReadOnlyList<(ManagedFieldsEntry Entry, FieldSet Fields)> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        var all = conflicts.SelectMany(c => c.Fields.Paths().Select(p => (Owner: c.Entry.Describe(), Path: FieldSet.Format(p)))).ToList();
        string message;
        if (all.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {all[0].Owner}: {all[0].Path}";
        }
        else
        {
            var lines = all.GroupBy(c => c.Owner).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => g.Select(c => "- " + c.Path).Prepend($"conflicts with {g.Key}:"));
            message = $"Apply failed with {all.Count} conflicts: {string.Join("\n", lines)}";
        }
        var causes = all.Select(c => new FieldCause("FieldManagerConflict", $"conflict with {c.Owner}", c.Path)).ToList();
        return new ApiException(409, "Conflict", message, new StatusDetails(null, null, null) { Causes = causes });
    }

    /// <summary>
    /// The entries a write starts from: those the request carries when it carries any (a client may edit them; a
    /// single empty entry resets them), else the stored object's, as upstream's decodeLiveOrNew.
    /// </summary>
    private static List<ManagedFieldsEntry> Starting(JsonObject? live, JsonObject? requested)
    {
        var sent = requested?["metadata"]?["managedFields"];
        if (sent is JsonArray { Count: 1 } reset && reset[0] is JsonObject { Count: 0 })
        {
            return [];
        }
        if (sent is JsonArray { Count: > 0 } && ManagedFieldsEntry.ReadAll(sent) is { Count: > 0 } fromRequest)
        {
            return fromRequest;
        }
        return ManagedFieldsEntry.ReadAll(live?["metadata"]?["managedFields"]) ?? [];
    }

    private static void Store(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var array = ManagedFieldsEntry.WriteAll(entries);
        if (obj["metadata"] is not JsonObject meta)
        {
            if (array.Count == 0) return;
            meta = [];
            obj["metadata"] = meta;
        }
        if (array.Count == 0)
        {
            meta.Remove("managedFields");
        }
        else
        {
            meta["managedFields"] = array;
        }
    }
}
