using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// PATCH requests of the three patch types (and of types the server does not take) against the run's objects.
/// A patch is invalid by construction when it cannot apply (an operation on a path that is never there, an
/// unknown op or directive) or when what it makes cannot be the object (a wrong type, another name or kind).
/// </summary>
public static class PatchGen
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";

    public static Gen<FuzzRequest> Requests(FuzzScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var kinds = scope.Kinds.Where(k => k.Can("patch")).ToArray();
        return from kind in Gen.OneOf(kinds)
               from name in TargetNames.Of(scope, kind)
               from status in Gen.Frequency((4, false), (kind.HasStatus ? 1 : 0, true))
               from query in BodyGen.WriteQuery
               from patch in Patch(kind, name, status, query.Strict, scope)
               select new FuzzRequest("PATCH", kind.Object(scope.Namespace, name, status ? "status" : null) + query.Text,
                   patch.ContentType, patch.Text, patch.Invalid, $"{patch.Case} ({kind}{(status ? "/status" : "")})");
    }

    private static Gen<BodyCase> Patch(ServedKind kind, string name, bool status, bool strict, FuzzScope scope)
    {
        var merge = MergeLike(kind, name, status, strict, scope);
        return Pick.Frequency(
            (4, JsonPatchOps(kind, name, scope)),
            (4, merge.Select(p => p with { ContentType = MergePatch, Case = "merge patch: " + p.Case })),
            (4, Pick.Frequency((3, merge), (1, Directives(kind)), (1, SmpLists.For(kind))).Select(p => p with { ContentType = StrategicMergePatch, Case = "strategic merge patch: " + p.Case })),
            (1, ContentTypes()));
    }

    /// <summary>A few benign operations, then perhaps one bad one, then perhaps a replacement of the whole object (which cures a bad result, not a failed operation).</summary>
    private static Gen<BodyCase> JsonPatchOps(ServedKind kind, string name, FuzzScope scope)
    {
        var ops = from benign in JsonPatchOp.Benign(name).Array[0, 3]
                  from bad in Pick.Frequency((1, Gen.Const(default(JsonPatchOp))), (4, JsonPatchOp.Bad(kind, name, scope).Select(b => (JsonPatchOp?)b)))
                  from replaced in Gen.Frequency((5, false), (1, true))
                  select Build(kind, name, scope, benign, bad, replaced);
        var notArray = Gen.OneOf("""{"op":"add","path":"/metadata/labels/fz","value":"v"}""", "\"x\"", "5", "[[]]", "[5]", "[\"add\"]")
            .Select(text => new BodyCase(text, JsonPatch, true, $"JSON patch: not a list of operations: {text}"));
        var malformed = Malformed.Json("""{"op":"add","path":"/metadata/labels/fz","value":"v"}""")
            .Select(broken => new BodyCase("[" + broken.Text + "]", JsonPatch, true, $"JSON patch: malformed JSON, {broken.How}"));
        return Pick.Frequency((6, ops), (1, notArray), (1, malformed));
    }

    private static BodyCase Build(ServedKind kind, string name, FuzzScope scope, JsonPatchOp[] benign, JsonPatchOp? bad, bool replaced)
    {
        var ops = benign.Append(bad).OfType<JsonPatchOp>().ToList();
        if (replaced)
        {
            ops.Add(new JsonPatchOp(new JsonObject { ["op"] = "replace", ["path"] = "", ["value"] = Templates.For(kind, name, scope) }, false, false, "replace the whole object"));
        }
        var failed = ops.Any(o => o.Fails);
        var spoiled = ops.Count > 0 && ops[^1].Spoils;
        var text = JsonGen.Render(new JsonArray([.. ops.Select(o => o.ToJson())]));
        var what = ops.Count == 0 ? "no operations" : string.Join(", ", ops.Select(o => o.What));
        return new BodyCase(text, JsonPatch, failed || spoiled, $"JSON patch: {what}");
    }

    /// <summary>
    /// Bodies of a merge patch; the same ones make a strategic merge patch, whose extra directives come from <see cref="Directives"/>.
    /// A patch of the status keeps the stored labels (upstream's ResetObjectMetaForStatus): a bad label is no error there.
    /// </summary>
    private static Gen<BodyCase> MergeLike(ServedKind kind, string name, bool status, bool strict, FuzzScope scope)
    {
        BodyCase Of(string json, bool invalid, string what) => new(json, MergePatch, invalid, what);
        var benign = Gen.OneOf(
            """{"metadata":{"labels":{"fz":"v"}}}""", """{"metadata":{"labels":{"fz":null}}}""", """{"metadata":{"annotations":{"fz":"1"}}}""",
            """{"metadata":{"annotations":null}}""", "{}", $$$"""{"metadata":{"name":"{{{name}}}"}}""", """{"metadata":{"resourceVersion":null}}""")
            .Select(json => Of(json, false, $"benign {json}"));
        var annotation = Gen.Select(JsonGen.Key, JsonGen.Text)
            .Select(a => Of(JsonGen.Render(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [a.Item1] = a.Item2 } } }), false, "an annotation"));
        var random = JsonGen.Members.Select(p => Of(JsonGen.Render(p), false, "arbitrary members"));
        var wrongType = WrongTypes.Field(kind.Schema).Select(f => Of(JsonGen.Render(f.Path.AsPatch(f.Value)), true, $"wrong type: {f.Path} = {JsonGen.Render(f.Value)}"));
        var identity = Gen.OneOf(
            ("""{"kind":"FuzzOther"}""", "another kind"), ("""{"apiVersion":"v9"}""", "another apiVersion"), ("""{"metadata":null}""", "metadata removed"),
            ("""{"metadata":{"name":"fz-other"}}""", "another name"), ("""{"metadata":{"name":null}}""", "name removed"), ("""{"kind":5}""", "kind a number"))
            .Select(c => Of(c.Item1, true, c.Item2));
        var otherNamespace = Gen.Const(() => Of($$$"""{"metadata":{"namespace":"{{{scope.OtherNamespace}}}"}}""", kind.Namespaced, "namespace of another"));
        var notObject = Gen.OneOf("[1]", "\"x\"", "5", "true", "[]").Select(text => Of(text, true, $"not an object: {text}"));
        var malformed = Malformed.Json("""{"metadata":{"labels":{"fz":"v"}}}""").Select(b => Of(b.Text, true, $"malformed JSON, {b.How}"));
        // null deletes the member (nothing unknown is left); any other value, {} and [] too, stays in the result, whose
        // strict decoding upstream refuses.
        var unknown = JsonGen.Value.Select(v => Of(JsonGen.Render(new JsonObject { ["fuzzUnknown"] = v }), strict && v is not null, "an unknown field"));
        var huge = Pick.OneOf(
            Gen.Int[64, 5000].Select(n => Of($$$$"""{"metadata":{"labels":{"fz":"{{{{new string('a', n)}}}}"}}}""", !status, $"a label value of {n} chars")),
            Gen.Int[3 * 1024 * 1024, 3 * 1024 * 1024 + 65536].Select(n => Of($$$$"""{"metadata":{"annotations":{"fz":"{{{{new string('a', n)}}}}"}}}""", true, $"a body over 3 MiB ({n} chars)")));
        var deep = Gen.Int[130, 5000].Select(n => Of($$$$"""{"metadata":{"annotations":{"fz":{{{{new string('[', n) + new string(']', n)}}}}}}}""", true, $"{n} levels of lists"));
        return Pick.Frequency(
            (3, benign), (1, annotation), (2, random), (6, wrongType), (3, identity), (1, otherNamespace), (1, notObject),
            (2, malformed), (2, unknown), (1, huge), (1, deep));
    }

    /// <summary>Strategic merge directives: unknown ones, ones that remove what the object needs, and list shapes it cannot merge.</summary>
    private static Gen<BodyCase> Directives(ServedKind kind)
    {
        var cases = new List<(string Json, bool Invalid, string What)>
        {
            ("""{"$patch":"bogus"}""", true, "unknown $patch"),
            ("""{"$patch":"delete"}""", true, "$patch delete of the object"),
            ("""{"metadata":{"$patch":"delete"}}""", true, "$patch delete of metadata"),
            ("""{"metadata":{"$patch":5}}""", true, "$patch a number"),
            ("""{"$retainKeys":"x"}""", true, "$retainKeys not a list"),
            ("""{"metadata":{"labels":{"$patch":"replace","fz":"v"}}}""", false, "$patch replace of labels"),
            ("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}""", false, "$deleteFromPrimitiveList"),
            ("""{"metadata":{"$setElementOrder/finalizers":[]}}""", false, "$setElementOrder"),
            ("""{"metadata":{"$setElementOrder/finalizers":"x"}}""", false, "$setElementOrder not a list"),
            ("""{"metadata":{"finalizers":[1,"a/b"]}}""", true, "a list of mixed types"),
            ("""{"metadata":{"finalizers":[["a/b"]]}}""", true, "a list of lists"),
        };
        if (kind.Kind is "Deployment" or "ReplicaSet")
        {
            cases.Add(("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""", true, "a container without its merge key"));
            cases.Add(("""{"spec":{"template":{"spec":{"containers":[{"name":"c","$patch":"bogus"}]}}}}""", false, "unknown $patch in a list"));
            cases.Add(("""{"spec":{"template":{"spec":{"containers":[{"name":"c","$patch":"delete"}]}}}}""", false, "$patch delete in a list"));
        }
        return Gen.OneOf(cases.ToArray()).Select(c => new BodyCase(c.Json, StrategicMergePatch, c.Invalid, c.What));
    }

    /// <summary>A valid merge patch sent as a type no PATCH takes (415), or as the same type with parameters.</summary>
    private static Gen<BodyCase> ContentTypes() =>
        Gen.OneOf(
            ("application/json", true), ("text/plain", true), ("application/xml", true), ("bogus", true), ("", true),
            ("application/merge-patch+json; charset=utf-8", false), ("APPLICATION/MERGE-PATCH+JSON", false), ("application/apply-patch+yaml", false))
        .Select(c => new BodyCase("""{"metadata":{"labels":{"fz":"v"}}}""", c.Item1, c.Item2, $"content type: \"{c.Item1}\""));
}
