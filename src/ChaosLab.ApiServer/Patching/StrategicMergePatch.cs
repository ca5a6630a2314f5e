using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Patching;

/// <summary>
/// Strategic merge patch (application/strategic-merge-patch+json) for built-in kinds, ported from upstream
/// pkg/util/strategicpatch: a merge patch where lists with a patch merge key (<see cref="PatchMergeKeys"/>) merge
/// element-wise, primitive lists with strategy merge are unioned, and the directives $patch, $retainKeys,
/// $setElementOrder/ and $deleteFromPrimitiveList/ steer the merge. List order follows upstream: patch items in
/// patch (or $setElementOrder) order, interleaved with server-only items by their live position.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList";

    /// <summary>Returns the patched copy of <paramref name="target"/>; neither input is modified.</summary>
    public static JsonNode Apply(JsonNode target, JsonNode patch, string kind)
    {
        if (patch is not JsonObject p) throw ApiException.BadRequest("invalid JSON document: a strategic merge patch must be a JSON object");
        var original = target as JsonObject ?? throw ApiException.BadRequest("invalid JSON document: the patched object must be a JSON object");
        return MergeMap((JsonObject)original.DeepClone(), p, kind, "");
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/>, which this class owns and mutates.</summary>
    private static JsonObject MergeMap(JsonObject original, JsonObject patch, string kind, string path)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directive))
        {
            return Str(directive) switch
            {
                "replace" => (JsonObject)Clean(patch)!,
                "delete" => [],
                _ => throw BadPatchType(directive, patch),
            };
        }

        ApplyRetainKeys(original, patch);
        var handled = MergeOrderedLists(original, patch, kind, path);

        foreach (var (patchKey, value) in patch)
        {
            var key = patchKey;
            var isDeleteList = key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal);
            if (isDeleteList) key = ExtractKey(patchKey, DeleteFromPrimitiveList);
            else if (key.StartsWith('$') || handled.Contains(key)) continue;

            if (value is null)
            {
                original.Remove(key);
                continue;
            }
            var childPath = Child(path, key);
            if (!original.TryGetPropertyValue(key, out var current) || Category(current) != Category(value))
            {
                if (!isDeleteList) Set(original, key, Clean(value));
                continue;
            }
            switch (current)
            {
                case JsonObject when PatchMergeKeys.For(kind, childPath) is { Replaces: true }:
                    Set(original, key, Clean(value));
                    break;
                case JsonObject map:
                    var merged = MergeMap(map, (JsonObject)value, kind, childPath);
                    if (!ReferenceEquals(merged, map)) original[key] = merged;
                    break;
                case JsonArray list:
                    original[key] = new JsonArray([.. MergeList(Detach(list), (JsonArray)value, kind, childPath, isDeleteList)]);
                    break;
                default:
                    original[key] = value.DeepClone();
                    break;
            }
        }
        return original;
    }

    private static List<JsonNode?> MergeList(List<JsonNode?> original, JsonArray patch, string kind, string path, bool isDeleteList)
    {
        var meta = PatchMergeKeys.For(kind, path);
        if (meta is { Merges: true } || isDeleteList) return MergeSlice(original, [.. patch], kind, path, meta?.MergeKey, isDeleteList);
        return Detach((JsonArray)Clean(patch)!);
    }

    private static List<JsonNode?> MergeSlice(List<JsonNode?> original, List<JsonNode?> patch, string kind, string path, string? mergeKey, bool isDeleteList)
    {
        if (original.Count == 0 && patch.Count == 0) return original;

        if (ElementCategory(path, original, patch) != JsonValueKind.Object)
        {
            if (isDeleteList) return [.. original.Where(o => !patch.Any(p => JsonNode.DeepEquals(o, p)))];
            var union = new List<JsonNode?>();
            foreach (var item in original.Concat(patch.Select(p => p?.DeepClone())))
            {
                if (!union.Any(u => JsonNode.DeepEquals(u, item))) union.Add(item);
            }
            return Ordered(union, patch, original, null);
        }

        if (mergeKey is null) throw ApiException.BadRequest($"cannot merge lists without merge key for {path}");
        var (live, items) = ApplyListDirectives(original, patch, mergeKey);
        var merged = live.ToList();
        foreach (var item in items.Cast<JsonObject>())
        {
            if (!item.ContainsKey(mergeKey)) throw NoMergeKey(item, mergeKey);
            var at = merged.FindIndex(o => JsonNode.DeepEquals(o?[mergeKey], item[mergeKey]));
            if (at >= 0) merged[at] = MergeMap((JsonObject)merged[at]!, item, kind, path);
            else merged.Add(Clean(item));
        }
        return Ordered(merged, items, live, mergeKey);
    }

    /// <summary>
    /// Handles list elements carrying $patch: delete removes live elements by merge key, replace makes the patch's
    /// other elements the whole list. Returns the live list left and the patch elements still to merge.
    /// </summary>
    private static (List<JsonNode?> Live, List<JsonNode?> Patch) ApplyListDirectives(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey)
    {
        var plain = new List<JsonNode?>();
        var replace = false;
        foreach (var element in patch.Cast<JsonObject>())
        {
            if (!element.TryGetPropertyValue(PatchDirective, out var directive))
            {
                plain.Add(element);
                continue;
            }
            switch (Str(directive))
            {
                case "delete":
                    var key = element.TryGetPropertyValue(mergeKey, out var k) ? k : throw NoMergeKey(element, mergeKey);
                    original = [.. original.Where(o => !JsonNode.DeepEquals(o?[mergeKey], key))];
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge": throw ApiException.BadRequest("merging lists cannot yet be specified in the patch");
                default: throw BadPatchType(directive, element);
            }
        }
        return replace ? ([.. plain.Select(Clean)], []) : (original, plain);
    }

    /// <summary>$retainKeys: drop every live key not listed; the patch itself may only set listed keys.</summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeys, out var retain)) return;
        if (retain is not JsonArray list) throw ApiException.BadRequest("invalid patch format of retainKeys");
        var keep = list.Select(Str).OfType<string>().ToHashSet();
        foreach (var (key, value) in patch)
        {
            if (value is null || key.StartsWith('$')) continue;
            if (!keep.Contains(key)) throw ApiException.BadRequest($"invalid patch format of retainKeys: {key} is not in {list.ToJsonString()}");
        }
        foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) original.Remove(key);
    }

    /// <summary>
    /// $setElementOrder/field: merges the field's list (if patched) and orders the result: listed items in the
    /// directive's order, interleaved with server-only items by live position. Returns the fields it settled.
    /// </summary>
    private static HashSet<string> MergeOrderedLists(JsonObject original, JsonObject patch, string kind, string path)
    {
        var handled = new HashSet<string>();
        foreach (var (directiveKey, value) in patch)
        {
            if (!directiveKey.StartsWith(SetElementOrder, StringComparison.Ordinal)) continue;
            var order = value as JsonArray ?? throw ApiException.BadRequest("invalid patch format of setElementOrder list");
            var key = ExtractKey(directiveKey, SetElementOrder);
            var foundOriginal = original.TryGetPropertyValue(key, out var liveNode);
            var foundPatch = patch.TryGetPropertyValue(key, out var patchNode);
            if (foundOriginal && liveNode is not JsonArray) throw ApiException.BadRequest($"invalid patch format of setElementOrder list: {key} is not a list");
            if (foundPatch && patchNode is not JsonArray) throw ApiException.BadRequest($"invalid patch format of setElementOrder list: {key} in the patch is not a list");
            if (!foundOriginal && !foundPatch) continue;

            var childPath = Child(path, key);
            var meta = PatchMergeKeys.For(kind, childPath);
            var live = foundOriginal ? Detach((JsonArray)liveNode!) : [];
            var patchList = foundPatch ? ((JsonArray)patchNode!).ToList() : [];
            var keyOf = live.Concat(patchList).Concat(order).Any(e => e is JsonObject) ? meta?.MergeKey : null;
            ValidateOrder(patchList, order, keyOf);

            var merged = (foundOriginal, foundPatch) switch
            {
                (true, false) => live,
                (false, true) => Detach((JsonArray)Clean(patchNode)!),
                _ => MergeList(live.ToList(), (JsonArray)patchNode!, kind, childPath, false),
            };
            original[key] = new JsonArray([.. Ordered(merged, [.. order], live, keyOf)]);
            handled.Add(key);
        }
        return handled;
    }

    /// <summary>Checks the patch list names its items in the relative order $setElementOrder gives them.</summary>
    private static void ValidateOrder(List<JsonNode?> patchList, JsonArray order, string? mergeKey)
    {
        var items = patchList.Where(p => p is not JsonObject o || !o.ContainsKey(PatchDirective)).ToList();
        int i = 0, j = 0;
        for (; i < items.Count && j < order.Count; j++)
        {
            if (JsonNode.DeepEquals(Identity(items[i], mergeKey), Identity(order[j], mergeKey))) i++;
        }
        if (i < items.Count)
            throw ApiException.BadRequest($"the order in patch list {new JsonArray([.. items.Select(n => n?.DeepClone())]).ToJsonString()} doesn't match $setElementOrder list {order.ToJsonString()}");
    }

    /// <summary>
    /// Upstream's normalizeElementOrder: items present in <paramref name="patchOrder"/> sorted by it, the rest by
    /// <paramref name="serverOrder"/>; a server-only item goes before a patch item only when it came first live.
    /// </summary>
    private static List<JsonNode?> Ordered(List<JsonNode?> merged, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder, string? mergeKey)
    {
        foreach (var item in mergeKey is null ? [] : merged.Concat(patchOrder))
        {
            if (item is not JsonObject o || !o.ContainsKey(mergeKey!)) throw NoMergeKey(item, mergeKey!);
        }
        int IndexIn(List<JsonNode?> list, JsonNode? item) => list.FindIndex(e => JsonNode.DeepEquals(Identity(e, mergeKey), Identity(item, mergeKey)));
        int Position(List<JsonNode?> list, JsonNode? item) => IndexIn(list, item) is var i and >= 0 ? i : int.MaxValue;

        var fromPatch = merged.Where(m => IndexIn(patchOrder, m) >= 0).OrderBy(m => Position(patchOrder, m)).ToList();
        var serverOnly = merged.Where(m => IndexIn(patchOrder, m) < 0).OrderBy(m => Position(serverOrder, m)).ToList();

        var result = new List<JsonNode?>(merged.Count);
        int l = 0, r = 0;
        while (l < serverOnly.Count || r < fromPatch.Count)
        {
            var takeServer = r >= fromPatch.Count || (l < serverOnly.Count
                && IndexIn(serverOrder, serverOnly[l]) is var li and >= 0
                && IndexIn(serverOrder, fromPatch[r]) is var ri and >= 0 && li < ri);
            result.Add(takeServer ? serverOnly[l++] : fromPatch[r++]);
        }
        return result;
    }

    /// <summary>
    /// A patch value taken whole (no live counterpart): drops null members, elements and members that are
    /// $patch directives, and $-prefixed directive keys, as upstream's removeDirectives plus typed decoding do.
    /// </summary>
    private static JsonNode? Clean(JsonNode? node) => node switch
    {
        JsonObject o when Str(o[PatchDirective]) == "delete" => null,
        JsonObject o => new JsonObject(o
            .Where(p => p.Value is not null && !p.Key.StartsWith('$'))
            .Select(p => KeyValuePair.Create(p.Key, Clean(p.Value)))
            .Where(p => p.Value is not null)),
        JsonArray a => new JsonArray([.. a.Where(e => e is not JsonObject eo || !eo.ContainsKey(PatchDirective)).Select(Clean)]),
        _ => node?.DeepClone(),
    };

    /// <summary>The kind of JSON value, true and false being one kind, as upstream compares Go types.</summary>
    private static JsonValueKind Category(JsonNode? node) => node?.GetValueKind() switch
    {
        null => JsonValueKind.Null,
        JsonValueKind.False => JsonValueKind.True,
        var kind => kind.Value,
    };

    private static JsonValueKind ElementCategory(string path, List<JsonNode?> original, List<JsonNode?> patch)
    {
        var kinds = original.Concat(patch).Select(Category).Distinct().ToList();
        if (kinds.Contains(JsonValueKind.Array)) throw new ApiException(422, "Invalid", $"lists of lists are not supported: {path}");
        if (kinds.Count > 1) throw ApiException.BadRequest($"list element types are not identical in {path}");
        return kinds[0];
    }

    /// <summary>What an element is known by: itself, or its merge key's value. An element that is no object has none
    /// (indexing it threw, a 500); it is then refused as an element without its merge key.</summary>
    private static JsonNode? Identity(JsonNode? item, string? mergeKey) => mergeKey is null ? item : (item as JsonObject)?[mergeKey];

    /// <summary>Empties a live list so its elements can move into a new one.</summary>
    private static List<JsonNode?> Detach(JsonArray list)
    {
        var items = list.ToList();
        list.Clear();
        return items;
    }

    private static void Set(JsonObject o, string key, JsonNode? value)
    {
        if (value is null) o.Remove(key);
        else o[key] = value;
    }

    private static string ExtractKey(string key, string prefix) =>
        key.Length > prefix.Length && key[prefix.Length] == '/'
            ? key[(prefix.Length + 1)..]
            : throw ApiException.BadRequest(prefix == SetElementOrder ? "invalid patch format of setElementOrder list" : "invalid patch format of primitive list");

    private static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ApiException BadPatchType(JsonNode? directive, JsonObject map) =>
        ApiException.BadRequest($"unknown patch type: {directive?.ToJsonString()} in map: {map.ToJsonString()}");

    private static ApiException NoMergeKey(JsonNode? item, string mergeKey) =>
        ApiException.BadRequest($"map: {item?.ToJsonString() ?? "null"} does not contain declared merge key: {mergeKey}");
}
