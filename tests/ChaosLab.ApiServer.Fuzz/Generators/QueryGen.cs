using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// Requests of every verb whose query parameters are valid or garbage. Whether the request is invalid by
/// construction is decided from the parameters the verb reads, with upstream's rules (a garbage value where it is
/// parsed; resourceVersionMatch and sendInitialEvents only in the combinations upstream's validation allows).
/// </summary>
public static class QueryGen
{
    private static readonly string[] Verbs = ["list", "watch", "get", "create", "update", "patch", "delete", "deletecollection"];

    public static Gen<FuzzRequest> Requests(FuzzScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var pairs = (from kind in scope.Kinds
                     from verb in Verbs
                     where Allowed(kind, verb)
                     select (kind, verb)).ToArray();
        return from pair in Gen.OneOf(pairs)
               from watch in pair.verb == "watch" ? Gen.OneOf("true", "1", "True") : Gen.OneOf("false", "0", "", "yes", "t", "TRUE", "2")
               from name in pair.verb == "delete" ? Gen.OneOf<string>([.. scope.DeletableNames(pair.kind)]) : TargetNames.Of(scope, pair.kind)
               from parameters in Parameters(pair.kind, pair.verb, scope)
               select Build(pair.kind, pair.verb, name, watch, parameters, scope);
    }

    /// <summary>Never a deletecollection outside the run's namespace: a cluster-scoped one would take every namespace or node.</summary>
    private static bool Allowed(ServedKind kind, string verb) => verb switch
    {
        "watch" or "list" => kind.Can("list") && (verb == "list" || kind.Can("watch")),
        "deletecollection" => kind.Namespaced && kind.Can("deletecollection"),
        _ => kind.Can(verb),
    };

    private static Gen<QueryParameter[]> Parameters(ServedKind kind, string verb, FuzzScope scope)
    {
        var listing = verb is "list" or "watch" or "deletecollection";
        var writing = verb is "create" or "update" or "patch";
        var deleting = verb is "delete" or "deletecollection";
        var all = new (bool Read, Gen<QueryParameter> Gen)[]
        {
            (writing || deleting, DryRun),
            (writing, FieldValidation),
            (writing, FieldManager),
            (listing, ResourceVersion),
            (listing, ResourceVersionMatch),
            (verb == "watch", SendInitialEvents),
            (listing, LabelSelector),
            (listing, FieldSelector(kind)),
            (listing, Limit),
            (listing && verb != "watch", Continue(scope)),
            (listing, TimeoutSeconds),
            (deleting, PropagationPolicy),
            (deleting, GracePeriodSeconds),
            (deleting, OrphanDependents),
            (false, Gen.OneOf(new QueryParameter("pretty", "true", false), new QueryParameter("fuzz", "1", false))),
        };
        // A parameter the verb reads is there a third of the time, one it ignores now and then: with fewer at once,
        // the first bad one masks the others less often.
        return all
            .Select(p => Pick.Frequency((p.Read ? 2 : 19, Gen.Const(default(QueryParameter))), (1, p.Gen.Select(q => (QueryParameter?)q))))
            .Aggregate(Gen.Const(Array.Empty<QueryParameter>()), (sofar, next) => sofar.SelectMany(list => next.Select(q => q is null ? list : [.. list, q])));
    }

    /// <summary>A list carries a watch parameter that does not start a watch (as this server reads it: only true, 1 and True do).</summary>
    private static FuzzRequest Build(ServedKind kind, string verb, string name, string watch, QueryParameter[] parameters, FuzzScope scope)
    {
        var query = parameters.Prepend(verb is "watch" or "list" ? new QueryParameter("watch", watch, false) : null).OfType<QueryParameter>();
        var text = string.Join('&', query);
        var (method, path, body) = verb switch
        {
            "list" or "watch" => ("GET", kind.Collection(scope.Namespace), null),
            "get" => ("GET", kind.Object(scope.Namespace, name), null),
            "create" => ("POST", kind.Collection(scope.Namespace), JsonGen.Render(Templates.For(kind, name, scope))),
            "update" => ("PUT", kind.Object(scope.Namespace, name), JsonGen.Render(Templates.For(kind, name, scope))),
            "patch" => ("PATCH", kind.Object(scope.Namespace, name), """{"metadata":{"labels":{"fz":"q"}}}"""),
            "delete" => ("DELETE", kind.Object(scope.Namespace, name), (string?)null),
            _ => ("DELETE", kind.Collection(scope.Namespace), null),
        };
        var why = Invalidity(verb, parameters.ToDictionary(p => p.Name));
        var request = new FuzzRequest(method, $"{path}?{text}", verb == "patch" ? PatchGen.MergePatch : body is null ? null : BodyCase.Json, body, false,
            $"query {verb}: {kind} with {(parameters.Length == 0 ? "no parameters" : string.Join(' ', parameters.Select(p => p.Name)))}");
        return request.MarkInvalid(why is not null, why ?? "");
    }

    /// <summary>Why upstream would refuse these parameters for this verb; null when it would not (as far as they go).</summary>
    private static string? Invalidity(string verb, Dictionary<string, QueryParameter> p)
    {
        var listing = verb is "list" or "watch" or "deletecollection";
        var writing = verb is "create" or "update" or "patch";
        var deleting = verb is "delete" or "deletecollection";
        string V(string name) => p.TryGetValue(name, out var q) ? q.Value : "";
        bool Has(string name) => p.ContainsKey(name);
        var garbage = p.Values.Where(q => q.Garbage).Select(q => q.Name).ToHashSet();
        var reasons = new List<string>();
        foreach (var (name, readBy) in new (string, bool)[]
        {
            ("dryRun", writing || deleting), ("fieldValidation", writing), ("fieldManager", writing), ("labelSelector", listing), ("fieldSelector", listing),
            ("limit", listing), ("timeoutSeconds", listing), ("resourceVersion", listing), ("continue", verb is "list" or "deletecollection"),
            ("propagationPolicy", deleting), ("gracePeriodSeconds", deleting),
        })
        {
            if (readBy && garbage.Contains(name))
            {
                reasons.Add($"{name} garbage");
            }
        }
        var rv = V("resourceVersion");
        var match = V("resourceVersionMatch");
        if (verb == "watch")
        {
            if (match.Length > 0 && !Has("sendInitialEvents")) reasons.Add("resourceVersionMatch without sendInitialEvents on a watch");
            if (match.Length > 0 && match != "NotOlderThan") reasons.Add("resourceVersionMatch other than NotOlderThan on a watch");
            if (Has("sendInitialEvents") && match != "NotOlderThan") reasons.Add("sendInitialEvents without resourceVersionMatch=NotOlderThan");
        }
        else if (listing)
        {
            if (match.Length > 0 && rv.Length == 0) reasons.Add("resourceVersionMatch without resourceVersion");
            if (match.Length > 0 && match is not ("Exact" or "NotOlderThan")) reasons.Add("resourceVersionMatch unsupported");
            if (match == "Exact" && rv == "0") reasons.Add("resourceVersionMatch=Exact with resourceVersion=0");
            if (match.Length > 0 && V("continue").Length > 0) reasons.Add("resourceVersionMatch with continue");
            if (V("continue").Length > 0 && rv.Length > 0 && rv != "0") reasons.Add("resourceVersion with continue");
        }
        if (deleting && Has("orphanDependents") && Has("propagationPolicy")) reasons.Add("orphanDependents with propagationPolicy");
        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }

    private static Gen<QueryParameter> Param(string name, string[] valid, string[] garbage) => Pick.OneOf(
        Gen.OneOf(valid).Select(v => new QueryParameter(name, v, false)),
        Gen.OneOf(garbage).Select(v => new QueryParameter(name, v, true)));

    /// <summary>Values not known to be right or wrong: printable junk, which the server must still answer without a 5xx.</summary>
    private static Gen<QueryParameter> Junk(string name) => JsonGen.Text.Select(v => new QueryParameter(name, v, false));

    /// <summary>Values strung together from a grammar's own tokens: junk that gets further into a parser than random text.</summary>
    private static Gen<QueryParameter> Tokens(string name, params string[] tokens) =>
        Gen.Int[0, tokens.Length - 1].Array[1, 8].Select(picks => new QueryParameter(name, string.Concat(picks.Select(i => tokens[i])), false));

    private static readonly Gen<QueryParameter> DryRun = Param("dryRun", ["All"], ["", "Bogus", "all", "None", "All,All"]);
    private static readonly Gen<QueryParameter> FieldValidation = Param("fieldValidation", ["", "Ignore", "Warn", "Strict"], ["strict", "Bogus", "ignore", " Strict"]);
    private static readonly Gen<QueryParameter> FieldManager = Param("fieldManager", ["fz", "kubectl-client-side-apply"], [new string('m', 129), "a\u0001b", "tab\there"]);
    private static readonly Gen<QueryParameter> ResourceVersion = Pick.OneOf(
        Param("resourceVersion", ["", "0", "1", "100", "99999999999"], ["abc", "-1", "1.5", "0x10", " 1", "１"]), Junk("resourceVersion"));
    private static readonly Gen<QueryParameter> ResourceVersionMatch = Param("resourceVersionMatch", ["", "NotOlderThan", "Exact"], ["Bogus", "exact", "notolderthan"]);
    private static readonly Gen<QueryParameter> SendInitialEvents = Gen.OneOf("true", "false").Select(v => new QueryParameter("sendInitialEvents", v, false));
    private static readonly Gen<QueryParameter> LabelSelector = Pick.OneOf(
        Param("labelSelector",
            ["", "app=fz", "app!=x", "app in (fz,x)", "app notin (x)", "app", "!app", "app,fz", "a.b/c=d", "app==fz", "x>1", "x<5", "a notin ()"],
            ["app in (fz", "=fz", "!", "app fz", "app in fz", "-a=b", "a=" + new string('x', 64), "app notin", "x>b", "a=b=c", "(", "app=fz,", ",", "a!b"]),
        Junk("labelSelector"),
        Tokens("labelSelector", "app", "fz", "a.b/c", "x", "!", "=", "==", "!=", " in ", " notin ", "(", ")", ",", ">", "<", "1", "-1", " ", "\\", "é", "a_b", new string('k', 64)));
    private static readonly Gen<QueryParameter> Limit = Pick.OneOf(
        Param("limit", ["0", "1", "2", "500", "9223372036854775807"], ["abc", "1.5", "99999999999999999999", "0x1"]),
        Gen.Const(new QueryParameter("limit", "-1", false)));
    private static readonly Gen<QueryParameter> TimeoutSeconds = Pick.OneOf(
        Param("timeoutSeconds", ["0", "1", "30", "5000000", "9223372036854775807"], ["abc", "1.5", "99999999999999999999"]),
        Gen.Const(new QueryParameter("timeoutSeconds", "-1", false)));
    private static readonly Gen<QueryParameter> PropagationPolicy = Param("propagationPolicy", ["Foreground", "Background", "Orphan"], ["Bogus", "background", "nil"]);
    private static readonly Gen<QueryParameter> GracePeriodSeconds = Pick.OneOf(
        Param("gracePeriodSeconds", ["0", "1", "30"], ["abc", "1.5"]),
        Gen.Const(new QueryParameter("gracePeriodSeconds", "-1", false)));
    private static readonly Gen<QueryParameter> OrphanDependents = Gen.OneOf("true", "false").Select(v => new QueryParameter("orphanDependents", v, false));

    private static Gen<QueryParameter> FieldSelector(ServedKind kind)
    {
        string[] valid = kind.Namespaced
            ? ["", "metadata.name=seed", "metadata.name!=x", "metadata.namespace=x", "metadata.name==a,metadata.namespace=b"]
            : ["", "metadata.name=x", "metadata.name!=x"];
        return Pick.OneOf(
            Param("fieldSelector", valid, ["spec.bogus=x", "metadata.name", "metadata.name in (a)", "=x", "bogus"]),
            Junk("fieldSelector"),
            Tokens("fieldSelector", "metadata.name", "metadata.namespace", "spec.nodeName", "status.phase", "involvedObject.kind", "type",
                "=", "==", "!=", ",", "x", "seed", "\\", "\\,", "\\=", "\\\\", " ", ".", "é"));
    }

    /// <summary>
    /// The run's real tokens (right for one list, foreign to the others: upstream takes a foreign one, so it is not
    /// garbage), and made-up ones: not base64, not JSON, or JSON whose version, revision or start key upstream refuses.
    /// </summary>
    private static Gen<QueryParameter> Continue(FuzzScope scope)
    {
        var real = Gen.OneOf(scope.Tokens.ConfigMaps, scope.Tokens.Foreign).Select(t => new QueryParameter("continue", t, false));
        var notBase64 = Gen.OneOf("not-a-token!!", "====", "%%%", "a").Select(t => new QueryParameter("continue", t, true));
        var notJson = JsonGen.Text.Select(t => new QueryParameter("continue", Base64Url("x" + t), true));
        // Right in every field but at most one, and mostly in this server's own spelling, so that most get past the first check.
        var token = from casing in Gen.Frequency((3, 1), (1, 0), (1, 2))
                    from spoiled in Gen.Int[0, 3]
                    from v in spoiled == 0 ? Wrong("", "meta.k8s.io/v2", 5) : Gen.Const<JsonNode?>("meta.k8s.io/v1")
                    from rv in spoiled == 1 ? Wrong(0, -1, "5", 1.5) : Gen.Int[1, 1000].Select(r => (JsonNode?)r)
                    from start in spoiled == 2 ? Wrong("", "..", 5) : Gen.OneOf("seed", "/registry/x", "/registry/configmaps/x/seed").Select(t => (JsonNode?)t)
                    select Token(v, rv, start, casing);
        return Pick.Frequency((2, real), (1, notBase64), (1, notJson), (6, token));
    }

    /// <summary>A wrong value for a token's field: one of these, none at all, or any JSON value.</summary>
    private static Gen<JsonNode?> Wrong(params JsonNode?[] values) =>
        Pick.Frequency((3, Gen.Int[0, values.Length - 1].Select(i => values[i]?.DeepClone())), (1, Gen.Const<JsonNode?>((JsonNode?)null)), (1, JsonGen.Scalar));

    /// <summary>A token upstream refuses unless v is meta.k8s.io/v1, rv a positive integer and start a non-empty string.</summary>
    private static QueryParameter Token(JsonNode? v, JsonNode? rv, JsonNode? start, int casing)
    {
        string[][] names = [["v", "rv", "start"], ["V", "Rv", "Start"], ["V", "RV", "START"]];
        var json = new JsonObject();
        if (v is not null) json[names[casing][0]] = v.DeepClone();
        if (rv is not null) json[names[casing][1]] = rv.DeepClone();
        if (start is not null) json[names[casing][2]] = start.DeepClone();
        var upstreamTakes = v is JsonValue vv && vv.TryGetValue<string>(out var vs) && vs == "meta.k8s.io/v1"
            && rv?.GetValueKind() == JsonValueKind.Number && long.TryParse(rv.ToJsonString(), out var r) && r > 0
            && start is JsonValue sv && sv.TryGetValue<string>(out var s) && s.Length > 0;
        return new QueryParameter("continue", Base64Url(JsonGen.Render(json)), !upstreamTakes);
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
