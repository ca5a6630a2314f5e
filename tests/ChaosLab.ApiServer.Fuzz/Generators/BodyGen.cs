using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// POST and PUT bodies for every served kind: the kind's valid object, then spoiled in every way the task names
/// (malformed, wrongly typed, too deep, too big, aliased, duplicated, unknown, kindless, of another kind). Each
/// case says whether it is invalid by construction; "Strict" makes unknown and duplicate fields invalid too.
/// </summary>
public static class BodyGen
{
    /// <summary>Past <c>RequestBody.MaxDepth</c> (128) whatever else the body holds.</summary>
    public const int DeeperThanLimit = 130;

    public static Gen<FuzzRequest> Requests(FuzzScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var kinds = scope.Kinds.Where(k => k.Can("create") || k.Can("update")).ToArray();
        return from kind in Gen.OneOf(kinds)
               from target in Target(kind, scope)
               from query in WriteQuery
               from body in Body(kind, target.Name, target.Put, target.Status, query.Strict, scope)
               select new FuzzRequest(target.Method, target.Path + query.Text, body.ContentType, body.Text, body.Invalid, $"{body.Case} ({kind})");
    }

    /// <summary>Query strings of a write: a field validation (Strict now and then) and a dry run.</summary>
    public static Gen<(string Text, bool Strict)> WriteQuery { get; } = Gen.Select(
        Gen.Frequency((6, ""), (3, "Strict"), (1, "Ignore"), (1, "Warn")),
        Gen.Frequency((4, false), (1, true)),
        (validation, dryRun) =>
        {
            var parameters = new List<string>();
            if (validation.Length > 0)
            {
                parameters.Add($"fieldValidation={validation}");
            }
            if (dryRun)
            {
                parameters.Add("dryRun=All");
            }
            return (parameters.Count == 0 ? "" : "?" + string.Join('&', parameters), validation == "Strict");
        });

    private static Gen<(string Method, string Path, string Name, bool Put, bool Status)> Target(ServedKind kind, FuzzScope scope)
    {
        var names = TargetNames.Of(scope, kind);
        var post = names.Select(n => ("POST", kind.Collection(scope.Namespace), n, false, false));
        var put = from name in names
                  from status in Gen.Frequency((3, false), (kind.HasStatus ? 1 : 0, true))
                  select ("PUT", kind.Object(scope.Namespace, name, status ? "status" : null), name, true, status);
        return (kind.Can("create"), kind.Can("update")) switch
        {
            (true, true) => Pick.OneOf(post, put),
            (true, false) => post,
            _ => put,
        };
    }

    /// <summary>The body cases of one target, each invalid by construction or not.</summary>
    /// <remarks>
    /// A status write keeps the stored labels, annotations and finalizers (upstream's ResetObjectMetaForStatus), so bad
    /// ones in its body are not invalid by construction; a bad name, namespace, type or kind still are.
    /// </remarks>
    private static Gen<BodyCase> Body(ServedKind kind, string name, bool put, bool status, bool strict, FuzzScope scope)
    {
        JsonObject Template() => Templates.For(kind, name, scope);
        Draft Json(JsonObject body, bool invalid, string what) => new(body, invalid, what);
        var others = scope.Kinds.Select(k => k.Kind).Where(k => k != kind.Kind).Distinct().ToArray();

        var valid = Gen.Const(() => Json(Template(), false, "valid: the template")).SelectMany(Rendered);
        var unknown = from place in Gen.OneOf("", "metadata", "spec")
                      from value in JsonGen.Value
                      select BodySpoilers.Unknown(Template(), place, value, strict) into draft
                      from rendered in Rendered(draft)
                      select rendered;
        var typeless = Gen.OneOf("apiVersion", "kind", "both").Select(drop =>
        {
            var body = Template();
            body.Remove(drop == "kind" ? "kind" : "apiVersion");
            if (drop == "both")
            {
                body.Remove("kind");
            }
            return Json(body, false, $"missing: no {drop}");
        }).SelectMany(Rendered);
        var otherKind = Pick.OneOf(
            Gen.OneOf(others.Length > 0 ? others : ["Fuzz"]).Select(other => ("kind", other)),
            Gen.String.AlphaNumeric.Select(s => ("kind", "Fz" + s)),
            Gen.OneOf("v2", "V1", "v1/", "apps/v1", "v1", "fuzz.example.com/v1").Where(v => v != kind.ApiVersion).Select(v => ("apiVersion", v)))
            .Select(change =>
            {
                var body = Template();
                body[change.Item1] = change.Item2;
                return Json(body, true, $"mismatched: {change.Item1} {change.Item2}");
            }).SelectMany(Rendered);
        var wrongType = WrongTypes.Field(kind.Schema).Select(field =>
        {
            var body = Template();
            field.Path.Set(body, field.Value);
            return Json(body, true, $"wrong type: {field.Path} = {JsonGen.Render(field.Value)}");
        }).SelectMany(Rendered);
        var notObject = Gen.OneOf("[]", "[{}]", "\"x\"", "5", "null", "true", "{}")
            .Select(text => new BodyCase(text, BodyCase.Json, true, $"not an object: {text}"));
        var malformed = Gen.Const(() => JsonGen.Render(Template())).SelectMany(Malformed.Json)
            .Select(broken => new BodyCase(broken.Text, BodyCase.Json, true, $"malformed JSON: {broken.How}"));
        var deep = from depth in Pick.OneOf(Gen.Int[2, 120], Gen.Int[DeeperThanLimit, 5000])
                   from arrays in Gen.Bool
                   select BodySpoilers.DeepJson(Template(), depth, arrays, strict);
        var yaml = Gen.Const(() => new BodyCase(YamlText.Block(Template()), BodyCase.Yaml, false, "YAML: block style"));
        var deepYaml = from depth in Pick.OneOf(Gen.Int[1, 120], Gen.Int[DeeperThanLimit, 600])
                       from flow in Gen.Bool
                       select new BodyCase(YamlText.WithDeepValue(Template(), "fuzzDeep", flow ? depth * 8 : depth, flow),
                           BodyCase.Yaml, strict || (flow ? depth * 8 : depth) >= DeeperThanLimit, $"deep YAML: {(flow ? "flow" : "block")} {(flow ? depth * 8 : depth)} levels");
        var bomb = Pick.OneOf(Gen.Select(Gen.Int[2, 4], Gen.Int[1, 3]), Gen.Select(Gen.Int[10, 16], Gen.Int[6, 9])).Select(b =>
        {
            var expansion = YamlText.AliasExpansion(b.Item1, b.Item2);
            return new BodyCase(YamlText.WithAliasBomb(Template(), b.Item1, b.Item2), BodyCase.Yaml, strict || expansion >= 1e7,
                $"YAML alias bomb: fan-out {b.Item1}, {b.Item2} levels, {expansion:0} values");
        });
        var badYaml = Malformed.Yaml(name).Select(broken => new BodyCase(broken.Text, BodyCase.Yaml, true, $"malformed YAML: {broken.How}"));
        // Upstream validates RBAC names only as path segments, of any length.
        var huge = BodySpoilers.Huge(Template, status, strict, anyNameLength: kind.Group == "rbac.authorization.k8s.io");
        var duplicate = BodySpoilers.Duplicates(Template, others, strict);
        var badMeta = BodySpoilers.BadMetadata(kind, Template, put, status, scope);
        var literal = from text in Gen.OneOf("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\ufeff\"", "-0", "1e400", "123456789012345678901234567890")
                      from place in Gen.OneOf("", "metadata")
                      select BodySpoilers.Unknown(Template(), place, JsonGen.Raw(text), strict) with { What = $"odd literal: {text} as an unknown field" } into draft
                      from rendered in Rendered(draft)
                      select rendered;

        return Pick.Frequency(
            (4, valid), (3, unknown), (1, typeless), (3, otherKind), (8, wrongType), (1, notObject), (3, malformed), (2, deep),
            (1, yaml), (2, deepYaml), (2, bomb), (2, badYaml), (3, huge), (2, duplicate), (4, badMeta), (1, literal));
    }

    /// <summary>A body before it is written out: as JSON mostly, as YAML now and then, which changes neither its meaning nor its validity.</summary>
    internal sealed record Draft(JsonObject Body, bool Invalid, string What);

    private static Gen<BodyCase> Rendered(Draft draft) => Gen.Frequency(
        (3, new BodyCase(JsonGen.Render(draft.Body), BodyCase.Json, draft.Invalid, draft.What)),
        (1, new BodyCase(YamlText.Block(draft.Body), BodyCase.Yaml, draft.Invalid, draft.What + " (as YAML)")));
}
