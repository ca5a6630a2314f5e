using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Apply;

/// <summary>
/// Merges an applied configuration into the live object as structured-merge-diff does, and removes the fields an
/// applier let go of. Maps merge key by key, map lists item by item (by their keys), sets member by member; atomic
/// lists, atomic maps and scalars are replaced by the configuration's value.
/// </summary>
public static class ApplyMerge
{
    /// <summary>A copy of <paramref name="live"/> with <paramref name="config"/> merged in; neither input changes.</summary>
    public static JsonObject Merge(JsonObject live, JsonObject config, IApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(schema);
        return MergeObjects(live, config, "", schema);
    }

    private static JsonObject MergeObjects(JsonObject live, JsonObject config, string path, IApplySchema schema)
    {
        var result = (JsonObject)live.DeepClone();
        foreach (var (name, value) in config)
        {
            var childPath = path.Length == 0 ? name : path + "." + name;
            result[name] = live.TryGetPropertyValue(name, out var current) ? MergeValues(current, value, childPath, schema) : value?.DeepClone();
        }
        return result;
    }

    private static JsonNode? MergeValues(JsonNode? live, JsonNode? config, string path, IApplySchema schema)
    {
        switch (live, config)
        {
            case (JsonObject l, JsonObject c) when !schema.IsAtomicObject(path):
                return MergeObjects(l, c, path, schema);
            case (JsonArray l, JsonArray c):
                var shape = schema.ListAt(path);
                var liveItems = PathElements.ItemsOf(l, shape);
                var configItems = PathElements.ItemsOf(c, shape);
                if (liveItems is not null && configItems is not null)
                {
                    return MergeLists(l, liveItems, c, configItems, shape, path, schema);
                }
                break;
        }
        return config?.DeepClone();
    }

    /// <summary>
    /// Items only the live list has keep their place; the configuration's items come in its order, each merged with
    /// the live item of the same key.
    /// </summary>
    private static JsonArray MergeLists(JsonArray live, IReadOnlyList<string> liveItems, JsonArray config, IReadOnlyList<string> configItems,
        ListShape shape, string path, IApplySchema schema)
    {
        var liveIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < liveItems.Count; i++) liveIndex[liveItems[i]] = i;
        var configured = new HashSet<string>(configItems, StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        int li = 0, ci = 0;
        while (li < live.Count || ci < config.Count)
        {
            if (li < live.Count)
            {
                var element = liveItems[li];
                if (!configured.Contains(element))
                {
                    result.Add(live[li]?.DeepClone());
                    li++;
                    continue;
                }
                if (emitted.Contains(element) || ci >= config.Count)
                {
                    li++;
                    continue;
                }
            }
            var next = configItems[ci];
            emitted.Add(next);
            result.Add(liveIndex.TryGetValue(next, out var at) && shape.Kind == ListKind.Map && live[at] is JsonObject l && config[ci] is JsonObject c
                ? MergeObjects(l, c, path, schema)
                : config[ci]?.DeepClone());
            ci++;
        }
        return result;
    }

    /// <summary>
    /// Removes from <paramref name="obj"/> the paths of <paramref name="remove"/>, except where <paramref name="keep"/>
    /// still owns something inside; a map or list this empties goes too.
    /// </summary>
    public static void Prune(JsonObject obj, FieldSet remove, FieldSet keep, IApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(remove);
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentNullException.ThrowIfNull(schema);
        PruneObject(obj, remove, keep, "", schema);
    }

    private static bool PruneObject(JsonObject obj, FieldSet remove, FieldSet? keep, string path, IApplySchema schema)
    {
        var changed = false;
        foreach (var (element, child) in remove.Children)
        {
            if (!element.StartsWith("f:", StringComparison.Ordinal) || !obj.TryGetPropertyValue(element[2..], out var value)) continue;
            var name = element[2..];
            var kept = keep?.Find(element);
            if (child.Member && (kept is null || kept.IsEmpty))
            {
                obj.Remove(name);
                changed = true;
                continue;
            }
            var childPath = path.Length == 0 ? name : path + "." + name;
            if (PruneValue(value, child, kept, childPath, schema) && value is JsonObject { Count: 0 } or JsonArray { Count: 0 })
            {
                obj.Remove(name);
                changed = true;
            }
        }
        return changed;
    }

    private static bool PruneValue(JsonNode? value, FieldSet remove, FieldSet? keep, string path, IApplySchema schema)
    {
        if (value is JsonObject obj && !schema.IsAtomicObject(path))
        {
            return PruneObject(obj, remove, keep, path, schema);
        }
        if (value is not JsonArray list) return false;
        var shape = schema.ListAt(path);
        if (PathElements.ItemsOf(list, shape) is not { } elements) return false;
        var changed = false;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (remove.Find(elements[i]) is not { } child) continue;
            var kept = keep?.Find(elements[i]);
            if (child.Member && (kept is null || kept.IsEmpty))
            {
                list.RemoveAt(i);
                changed = true;
            }
            else if (shape.Kind == ListKind.Map && list[i] is JsonObject item)
            {
                changed |= PruneObject(item, child, kept, path, schema);
            }
        }
        return changed;
    }
}
