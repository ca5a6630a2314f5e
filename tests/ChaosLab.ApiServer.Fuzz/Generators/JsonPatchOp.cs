using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// One JSON patch operation and what it does to the patch: <see cref="Fails"/> when it cannot apply to any object
/// of the kind (its path is never there, its op is unknown, a field is missing), <see cref="Spoils"/> when it applies
/// but leaves something no object of the kind can be, as long as no later operation writes over it.
/// </summary>
public sealed record JsonPatchOp(JsonObject Operation, bool Fails, bool Spoils, string What)
{
    /// <summary>A member no object has: unknown fields are dropped when an object is stored.</summary>
    private const string Absent = "fuzzAbsent";

    /// <summary>Operations that may or may not apply; none touches what a bad operation relies on.</summary>
    public static Gen<JsonPatchOp> Benign(string name) => Pick.OneOf(
        JsonGen.Text.Select(v => Op("add", "/metadata/labels/fz", v, "add a label")),
        Gen.Const(() => Op("replace", "/metadata/labels", new JsonObject { ["app"] = "fz" }, "replace the labels")),
        Gen.Const(() => Op("add", "/metadata/annotations", new JsonObject { ["fz"] = "1" }, "add annotations")),
        Gen.Const(() => Op("remove", "/metadata/annotations", null, "remove annotations")),
        Gen.Const(() => Op("test", "/metadata/name", name, "test the name")),
        Gen.Const(() => Op("copy", "/metadata/labels", null, "copy the labels", from: "/metadata/annotations")),
        Gen.Const(() => Op("add", "/metadata/labels/a~1b", "v", "add an escaped label")));

    /// <summary>An operation that fails, or spoils the object.</summary>
    public static Gen<JsonPatchOp> Bad(ServedKind kind, string name, FuzzScope scope)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(scope);
        var fails = Pick.OneOf(
            Gen.OneOf(
                Op("remove", $"/{Absent}", null, "remove a member that is not there"),
                Op("replace", $"/metadata/{Absent}", 1, "replace a member that is not there"),
                Op("remove", "/metadata/labels/fuzz-absent-label", null, "remove a label that is not there"),
                Op("add", $"/{Absent}/x", 1, "add under a member that is not there"),
                Op("move", "/x", null, "move from a member that is not there", from: $"/{Absent}"),
                Op("copy", "/metadata/x", null, "copy from a member that is not there", from: $"/metadata/{Absent}"),
                Op("test", "/metadata/name", name + "-not", "test the name against another"),
                Op("test", "/metadata/uid", "fz", "test the uid against a made-up one"),
                Op("remove", "", null, "remove the whole object"),
                Op("move", "/metadata/x", null, "move metadata into itself", from: "/metadata"),
                Op("add", "metadata/labels/fz", "v", "a path without its leading slash"),
                Op("bogus", "/metadata/labels/fz", "v", "an unknown op"),
                Op("ADD", "/metadata/labels/fz", "v", "an op in capitals"),
                Raw(new JsonObject { ["path"] = "/metadata/labels/fz", ["value"] = "v" }, "no op"),
                Raw(new JsonObject { ["op"] = "add", ["value"] = "v" }, "no path"),
                Raw(new JsonObject { ["op"] = 5, ["path"] = "/metadata/labels/fz", ["value"] = "v" }, "an op that is a number"),
                Raw(new JsonObject { ["op"] = "add", ["path"] = 5, ["value"] = "v" }, "a path that is a number"),
                Raw(new JsonObject { ["op"] = "move", ["path"] = "/metadata/x" }, "a move without from"))
            .Select(op => op with { Fails = true }));
        var spoils = new List<Gen<JsonPatchOp>>
        {
            WrongTypes.Field(kind.Schema).Select(f => Op("add", f.Path.Pointer, f.Value, $"add {JsonGen.Render(f.Value)} at {f.Path}")),
            Gen.OneOf(
                Op("replace", "/kind", "FuzzOther", "another kind"),
                Op("replace", "/apiVersion", "v9", "another apiVersion"),
                Op("replace", "/metadata/name", "fz-other", "another name"),
                Op("replace", "/metadata", "x", "metadata a string"),
                Op("replace", "", "x", "the object a string"),
                Op("replace", "", new JsonArray(), "the object a list"),
                Op("remove", "/metadata", null, "remove metadata")),
        };
        if (kind.Namespaced)
        {
            spoils.Add(Gen.Const(Op("add", "/metadata/namespace", scope.OtherNamespace, "move it to another namespace")));
        }
        return Pick.Frequency((2, fails), (3, Pick.OneOf(spoils.ToArray()).Select(op => op with { Spoils = true })));
    }

    /// <summary>The operation as it goes into a patch: a copy, since one generated operation may be used twice.</summary>
    public JsonNode ToJson() => Operation.DeepClone();

    private static JsonPatchOp Op(string op, string path, JsonNode? value, string what, string? from = null)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (from is not null)
        {
            operation["from"] = from;
        }
        else if (op is "add" or "replace" or "test")
        {
            operation["value"] = value;
        }
        return new JsonPatchOp(operation, false, false, what);
    }

    private static JsonPatchOp Raw(JsonObject operation, string what) => new(operation, false, false, what);
}
