using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>The ways <see cref="BodyGen"/> spoils a valid object: unknown, deep, huge and duplicated fields, and bad metadata.</summary>
internal static class BodySpoilers
{
    /// <summary>Past <c>RequestBody.MaxBytes</c> (3 MiB): the server answers 413 without decoding.</summary>
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary><c>RequestBody.MaxDepth</c>: deeper bodies are refused before anything reads them.</summary>
    private const int MaxDepth = 128;

    /// <summary>
    /// An unknown field with <paramref name="value"/>: dropped, unless the request is Strict. Upstream's strict decoder
    /// reports an unknown key before it reads its value, so null, {} and [] are unknown fields too.
    /// </summary>
    public static BodyGen.Draft Unknown(JsonObject body, string where, JsonNode? value, bool strict)
    {
        var parent = where.Length == 0 ? body : body[where] as JsonObject;
        if (parent is null)
        {
            parent = body;
            where = "";
        }
        parent["fuzzUnknown"] = value;
        return new BodyGen.Draft(body, strict, $"unknown field: {(where.Length == 0 ? "" : where + ".")}fuzzUnknown");
    }

    public static BodyCase DeepJson(JsonObject body, int depth, bool arrays, bool strict)
    {
        // The body's own object is the first level.
        var text = JsonGen.Render(body);
        var deep = arrays
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        return new BodyCase(text[..^1] + ",\"fuzzDeep\":" + deep + "}", BodyCase.Json, strict || depth + 1 > MaxDepth,
            $"deep JSON: {depth} levels of {(arrays ? "arrays" : "objects")}");
    }

    public static Gen<BodyCase> Huge(Func<JsonObject> template, bool status, bool strict, bool anyNameLength = false)
    {
        BodyCase At(string field, string key, int length, bool invalid, string what)
        {
            var body = template();
            var meta = (JsonObject)body["metadata"]!;
            var text = new string('a', length);
            switch (field)
            {
                case "name": meta["name"] = text; break;
                case "unknown": body["fuzzUnknown"] = text; break;
                default: meta[field] = new JsonObject { [key.Length == 0 ? text : key] = key.Length == 0 ? "v" : text }; break;
            }
            return new BodyCase(JsonGen.Render(body), BodyCase.Json, invalid, $"huge: {what} of {length} chars");
        }
        return Pick.Frequency(
            (1, Gen.Int[MaxBodyBytes, MaxBodyBytes + 65536].Select(n => At("unknown", "", n, true, "body over 3 MiB, an unknown string"))),
            (3, Gen.Int[254, 5000].Select(n => At("name", "", n, !anyNameLength, "metadata.name"))),
            (2, Gen.Int[64, 5000].Select(n => At("labels", "fz", n, !status, "label value"))),
            (2, Gen.Int[64, 5000].Select(n => At("labels", "", n, !status, "label key"))),
            (1, Gen.Int[262_145, 600_000].Select(n => At("annotations", "fz", n, !status, "annotation"))),
            (2, Gen.Int[65_536, 1_000_000].Select(n => At("unknown", "", n, strict, "unknown string"))));
    }

    public static Gen<BodyCase> Duplicates(Func<JsonObject> template, string[] otherKinds, bool strict) =>
        Pick.OneOf(
            Gen.OneOf(otherKinds.Length > 0 ? otherKinds : ["Fuzz"]).Select(other =>
            {
                var text = JsonGen.Render(template());
                return new BodyCase(text[..^1] + $",\"kind\":\"{other}\"}}", BodyCase.Json, true, $"duplicate key: kind again, last {other}");
            }),
            Gen.UInt.Select(pick =>
            {
                var body = template();
                var text = JsonGen.Render(body);
                var (key, value) = body.ElementAt((int)(pick % (uint)body.Count));
                // The key written first with the same value: a non-strict decode keeps the last, which changes nothing.
                return new BodyCase("{" + $"\"{key}\":{JsonGen.Render(value)}," + text[1..], BodyCase.Json, strict, $"duplicate key: {key} twice");
            }),
            Gen.Bool.Select(inMetadata =>
            {
                // The same in YAML, whose strict reading (upstream's YAMLToJSONStrict) refuses a key set twice in a mapping.
                var body = template();
                var yaml = YamlText.Block(body);
                var name = JsonGen.Render(body["metadata"]!["name"]);
                const string Metadata = "\n\"metadata\":\n";
                var at = yaml.IndexOf(Metadata, StringComparison.Ordinal) + Metadata.Length;
                var text = inMetadata
                    ? yaml.Insert(at, $"  \"name\": {name}\n")
                    : $"\"kind\": {JsonGen.Render(body["kind"])}\n{yaml}";
                return new BodyCase(text, BodyCase.Yaml, strict, $"duplicate key: {(inMetadata ? "metadata.name" : "kind")} twice in YAML");
            }));

    public static Gen<BodyCase> BadMetadata(ServedKind kind, Func<JsonObject> template, bool put, bool status, FuzzScope scope)
    {
        BodyCase Set(string field, JsonNode value, string what)
        {
            var kept = status && field is "labels" or "annotations" or "finalizers";
            var body = template();
            var meta = (JsonObject)body["metadata"]!;
            if (field == "generateName")
            {
                meta.Remove("name");
            }
            meta[field] = value;
            return new BodyCase(JsonGen.Render(body), BodyCase.Json, !kept, $"bad metadata: {what}");
        }
        var cases = new List<Gen<BodyCase>>
        {
            Gen.OneOf("Not_Valid", "-lead", "trail-", "a..b", "UPPER", "has space", "ünï", "a/b", "").Select(n => Set("name", JsonValue.Create(n), $"name \"{n}\"")),
            Gen.OneOf("bad key", "-a", "a/b/c", "/x", "x/", "a_", "é").Select(k => Set("labels", new JsonObject { [k] = "v" }, $"label key \"{k}\"")),
            Gen.OneOf("bad value", "-a", "a-", "é", "a/b").Select(v => Set("labels", new JsonObject { ["fz"] = v }, $"label value \"{v}\"")),
            Gen.OneOf("bad key", "-a", "a/b/c", "/x").Select(k => Set("annotations", new JsonObject { [k] = "v" }, $"annotation key \"{k}\"")),
            Gen.OneOf("bad finalizer", "a/b/c", "-x/y").Select(f => Set("finalizers", new JsonArray(f), $"finalizer \"{f}\"")),
        };
        if (kind.Namespaced)
        {
            cases.Add(Gen.Const(() => Set("namespace", JsonValue.Create(scope.OtherNamespace), "namespace of another")));
        }
        if (!put && kind.Namespaced)
        {
            cases.Add(Gen.OneOf("Bad_", "-x", "UP").Select(g => Set("generateName", JsonValue.Create(g), $"generateName \"{g}\"")));
        }
        return Pick.OneOf(cases.ToArray());
    }
}
