using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// DELETE of the run's objects (and deletecollection in the run's namespace only) with DeleteOptions bodies:
/// valid ones, fields of the wrong type, values upstream's validation refuses, and bodies that are not options.
/// When a body is sent, upstream reads no options from the query, so only then do query values not count.
/// </summary>
public static class DeleteGen
{
    public static Gen<FuzzRequest> Requests(FuzzScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var targets = scope.Kinds.Where(k => k.Can("delete")).Select(k => (Kind: k, Collection: false))
            .Concat(scope.Namespaced.Where(k => k.Can("deletecollection")).Select(k => (Kind: k, Collection: true)))
            .ToArray();
        return from target in Gen.OneOf(targets)
               from name in Gen.OneOf<string>([.. scope.DeletableNames(target.Kind), .. target.Kind.Namespaced ? ["fz-absent"] : Array.Empty<string>()])
               from body in Pick.Frequency((1, Gen.Const(default(BodyCase))), (6, Body(target.Collection).Select(b => (BodyCase?)b)))
               from query in Query
               select Build(target.Kind, target.Collection, name, body, query, scope);
    }

    private static FuzzRequest Build(ServedKind kind, bool collection, string name, BodyCase? body, (string Text, bool Garbage) query, FuzzScope scope)
    {
        var path = (collection ? kind.Collection(scope.Namespace) : kind.Object(scope.Namespace, name)) + query.Text;
        var what = $"{body?.Case ?? "no body: -"} ({(collection ? "deletecollection" : "delete")} {kind}{(query.Text.Length > 0 ? $", query {query.Text}" : "")})";
        var request = new FuzzRequest("DELETE", path, body?.ContentType, body?.Text, body?.Invalid ?? false, what);
        return request.MarkInvalid(body is null && query.Garbage, "garbage options in the query");
    }

    private static Gen<(string Text, bool Garbage)> Query { get; } = Pick.Frequency(
        (4, Gen.Const(("", false))),
        (1, Gen.OneOf(("?propagationPolicy=Background", false), ("?gracePeriodSeconds=0", false), ("?dryRun=All", false), ("?propagationPolicy=Foreground&dryRun=All", false))),
        (1, Gen.OneOf(("?propagationPolicy=Bogus", true), ("?gracePeriodSeconds=abc", true), ("?dryRun=Bogus", true), ("?dryRun=", true), ("?propagationPolicy=Orphan&orphanDependents=true", true))));

    private static Gen<BodyCase> Body(bool collection)
    {
        BodyCase Json(JsonNode body, bool invalid, string what) => new(JsonGen.Render(body), BodyCase.Json, invalid, what);
        var valid = Gen.OneOf(
            "{}", """{"propagationPolicy":"Background"}""", """{"propagationPolicy":"Orphan"}""", """{"gracePeriodSeconds":0}""", """{"dryRun":["All"]}""",
            """{"kind":"DeleteOptions","apiVersion":"v1"}""", """{"kind":"DeleteOptions","apiVersion":"meta.k8s.io/v1"}""", """{"orphanDependents":false}""",
            """{"preconditions":{}}""", """{"preconditions":null}""", """{"dryRun":[]}""")
            .Select(text => new BodyCase(text, BodyCase.Json, false, $"valid options: {text}"));
        var wrongType = Pick.OneOf(
            Wrong("gracePeriodSeconds", "\"abc\"", "true", "{}", "[]", "1.5", "1e400", "123456789012345678901234567890"),
            Wrong("preconditions", "\"x\"", "5", "true", "[]"),
            Wrong("orphanDependents", "\"true\"", "1", "{}", "[]"),
            Wrong("propagationPolicy", "5", "true", "{}", "[]"),
            Wrong("dryRun", "\"All\"", "5", "true", "{}", "[5]", "[true]", "[[\"All\"]]"),
            Wrong("kind", "5", "true", "{}", "[]"),
            Wrong("apiVersion", "5", "true", "{}", "[]"),
            Gen.OneOf("5", "true", "{}", "[]").Select(v => new BodyCase($$$"""{"preconditions":{"uid":{{{v}}}}}""", BodyCase.Json, true, $"wrong type: preconditions.uid = {v}")),
            Gen.OneOf("5", "true", "{}", "[]").Select(v => new BodyCase($$$"""{"preconditions":{"resourceVersion":{{{v}}}}}""", BodyCase.Json, true, $"wrong type: preconditions.resourceVersion = {v}")));
        var refused = Gen.OneOf(
            ("""{"propagationPolicy":"Bogus"}""", "an unknown propagationPolicy"), ("""{"propagationPolicy":"nil"}""", "propagationPolicy \"nil\""),
            ("""{"propagationPolicy":"background"}""", "propagationPolicy in lower case"), ("""{"dryRun":["x"]}""", "dryRun other than All"),
            ("""{"dryRun":["All","x"]}""", "dryRun All and another"), ("""{"dryRun":[""]}""", "dryRun empty"),
            ("""{"orphanDependents":true,"propagationPolicy":"Foreground"}""", "orphanDependents with propagationPolicy"))
            .Select(c => new BodyCase(c.Item1, BodyCase.Json, true, $"refused: {c.Item2}"));
        // A collection may be empty, and an empty one has nothing to fail a precondition on.
        var precondition = Gen.Guid.Select(uid => Json(new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = uid.ToString() } }, !collection, "precondition: a made-up uid"));
        var notOptions = Gen.OneOf("[]", "\"x\"", "5", "true", "[{}]").Select(text => new BodyCase(text, BodyCase.Json, true, $"not an object: {text}"));
        var malformed = Malformed.Json("""{"propagationPolicy":"Background","gracePeriodSeconds":0}""")
            .Select(b => new BodyCase(b.Text, BodyCase.Json, true, $"malformed JSON: {b.How}"));
        var unknown = JsonGen.Members.Select(m => Json(m, false, "unknown fields: arbitrary members"));
        var yaml = Gen.OneOf(("propagationPolicy: Background\n", false), ("gracePeriodSeconds: abc\n", true), ("dryRun: All\n", true), ("- a\n", true))
            .Select(c => new BodyCase(c.Item1, BodyCase.Yaml, c.Item2, $"YAML options: {c.Item1.TrimEnd()}"));
        return Pick.Frequency((3, valid), (6, wrongType), (3, refused), (1, precondition), (1, notOptions), (2, malformed), (2, unknown), (1, yaml));
    }

    private static Gen<BodyCase> Wrong(string field, params string[] values) =>
        Gen.OneOf(values).Select(v => new BodyCase($$"""{"{{field}}":{{v}}}""", BodyCase.Json, true, $"wrong type: {field} = {v}"));
}
