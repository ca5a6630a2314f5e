using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Apply;

/// <summary>What a write changed, as field sets: paths added, paths whose value changed, paths removed.</summary>
public sealed record FieldComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;
}

/// <summary>
/// Computes field sets from objects as structured-merge-diff does: the set an applied configuration owns, and the
/// comparison of an object before and after a write. Fields only the server sets (apiVersion, kind, metadata's name,
/// namespace, uid, resourceVersion, generation, creationTimestamp, selfLink, managedFields) are never owned.
/// </summary>
public static class FieldSetBuilder
{
    private static readonly string[] ServerMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "clusterName"];

    // Go's zero value of a non-pointer struct is `{}`, present before any write; upstream so never lists these as added themselves.
    private static readonly HashSet<string> AlwaysPresentStructs = ["spec", "status", "metadata", "template", "jobTemplate", "strategy", "updateStrategy"];

    /// <summary>The set an applied configuration owns: every value it gives, map-list items and set members, not the maps holding them.</summary>
    public static FieldSet OfConfiguration(JsonObject config, IApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(schema);
        var set = new FieldSet();
        AddFields(config, "", set, schema, addedWrite: false);
        StripServerFields(set);
        return set;
    }

    /// <summary>Compares an object before (<paramref name="old"/>, null for a create) and after a write.</summary>
    public static FieldComparison Compare(JsonObject? old, JsonObject updated, IApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(schema);
        var result = new FieldComparison(new FieldSet(), new FieldSet(), new FieldSet());
        if (old is null)
        {
            AddFields(updated, "", result.Added, schema, addedWrite: true);
        }
        else
        {
            CompareFields(old, updated, "", result.Added, result.Modified, result.Removed, schema);
        }
        StripServerFields(result.Added);
        StripServerFields(result.Modified);
        StripServerFields(result.Removed);
        return result;
    }

    private static void AddFields(JsonObject obj, string path, FieldSet node, IApplySchema schema, bool addedWrite)
    {
        foreach (var (name, value) in obj)
        {
            if (IsManagedFields(path, name)) continue;
            var childPath = path.Length == 0 ? name : path + "." + name;
            AddValue(value, name, childPath, node.Child(PathElements.Field(name)), schema, addedWrite);
        }
    }

    /// <summary>
    /// Adds the paths of <paramref name="value"/> under <paramref name="node"/>. For a write's added value every path
    /// counts, maps included; for an applied configuration only leaves, items and empty maps do.
    /// </summary>
    private static void AddValue(JsonNode? value, string name, string path, FieldSet node, IApplySchema schema, bool addedWrite)
    {
        switch (value)
        {
            case JsonObject obj when !schema.IsAtomicObject(path):
                if (obj.Count == 0 || (addedWrite && !AlwaysPresentStructs.Contains(name)))
                {
                    node.Member = true;
                }
                AddFields(obj, path, node, schema, addedWrite);
                break;
            case JsonArray list:
                var shape = schema.ListAt(path);
                var elements = PathElements.ItemsOf(list, shape);
                if (elements is null || addedWrite)
                {
                    node.Member = true;
                }
                if (elements is null) break;
                for (var i = 0; i < list.Count; i++)
                {
                    var item = node.Child(elements[i]);
                    item.Member = true;
                    if (shape.Kind == ListKind.Map && list[i] is JsonObject fields)
                    {
                        AddFields(fields, path, item, schema, addedWrite);
                    }
                }
                break;
            default:
                node.Member = true;
                break;
        }
    }

    private static void CompareFields(JsonObject old, JsonObject updated, string path, FieldSet added, FieldSet modified, FieldSet removed, IApplySchema schema)
    {
        foreach (var (name, value) in updated)
        {
            if (IsManagedFields(path, name)) continue;
            var childPath = path.Length == 0 ? name : path + "." + name;
            var element = PathElements.Field(name);
            if (!old.TryGetPropertyValue(name, out var before))
            {
                AddValue(value, name, childPath, added.Child(element), schema, addedWrite: true);
                continue;
            }
            CompareValues(before, value, name, childPath, element, added, modified, removed, schema);
        }
        foreach (var (name, value) in old)
        {
            if (!updated.ContainsKey(name) && !IsManagedFields(path, name))
            {
                var childPath = path.Length == 0 ? name : path + "." + name;
                AddValue(value, name, childPath, removed.Child(PathElements.Field(name)), schema, addedWrite: true);
            }
        }
    }

    private static void CompareValues(JsonNode? before, JsonNode? after, string name, string path, string element,
        FieldSet added, FieldSet modified, FieldSet removed, IApplySchema schema)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a) when !schema.IsAtomicObject(path):
                CompareFields(b, a, path, added.Child(element), modified.Child(element), removed.Child(element), schema);
                return;
            case (JsonArray b, JsonArray a):
                var shape = schema.ListAt(path);
                var beforeItems = PathElements.ItemsOf(b, shape);
                var afterItems = PathElements.ItemsOf(a, shape);
                if (beforeItems is not null && afterItems is not null)
                {
                    CompareItems(b, beforeItems, a, afterItems, shape, path, added.Child(element), modified.Child(element), removed.Child(element), schema);
                    return;
                }
                break;
        }
        if (!JsonNode.DeepEquals(before, after))
        {
            modified.Child(element).Member = true;
        }
    }

    private static void CompareItems(JsonArray before, IReadOnlyList<string> beforeItems, JsonArray after, IReadOnlyList<string> afterItems, ListShape shape,
        string path, FieldSet added, FieldSet modified, FieldSet removed, IApplySchema schema)
    {
        var old = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < before.Count; i++)
        {
            old[beforeItems[i]] = before[i];
        }
        var kept = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < after.Count; i++)
        {
            var element = afterItems[i];
            kept.Add(element);
            if (!old.TryGetValue(element, out var was))
            {
                var item = added.Child(element);
                item.Member = true;
                if (shape.Kind == ListKind.Map && after[i] is JsonObject fields) AddFields(fields, path, item, schema, addedWrite: true);
            }
            else if (shape.Kind == ListKind.Map && was is JsonObject wasFields && after[i] is JsonObject fields)
            {
                CompareFields(wasFields, fields, path, added.Child(element), modified.Child(element), removed.Child(element), schema);
            }
        }
        for (var i = 0; i < before.Count; i++)
        {
            if (kept.Contains(beforeItems[i])) continue;
            var item = removed.Child(beforeItems[i]);
            item.Member = true;
            if (shape.Kind == ListKind.Map && before[i] is JsonObject fields) AddFields(fields, path, item, schema, addedWrite: true);
        }
    }

    /// <summary>managedFields is never compared nor owned; skipping it saves copying every object without it.</summary>
    private static bool IsManagedFields(string path, string name) => name == "managedFields" && path == "metadata";

    private static void StripServerFields(FieldSet set)
    {
        set.Remove(PathElements.Field("apiVersion"));
        set.Remove(PathElements.Field("kind"));
        if (set.Find(PathElements.Field("metadata")) is { } metadata)
        {
            metadata.Member = false;
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(PathElements.Field(field));
            }
        }
    }
}
