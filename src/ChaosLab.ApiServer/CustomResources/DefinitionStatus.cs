using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// The status upstream's naming and establishing controllers give a CRD: its names accepted unless another CRD of
/// the group already holds one of them (NamesAccepted), then Established, and the storage version in storedVersions.
/// </summary>
public static class DefinitionStatus
{
    public static JsonObject Desired(JsonObject crd, IReadOnlyList<JsonObject> all, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(crd);
        ArgumentNullException.ThrowIfNull(all);
        var status = crd.Obj("status")?.DeepClone().AsObject() ?? [];
        var spec = crd.Obj("spec") ?? [];
        var names = spec.Obj("names") ?? [];
        var conflict = Conflict(crd, all);
        if (conflict is null)
        {
            status["acceptedNames"] = names.DeepClone();
            DefinitionConditions.Set(status, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
            var established = status.Items("conditions").Any(c => c.Item.S("type") == "Established" && c.Item.S("status") == "True");
            if (!established)
            {
                DefinitionConditions.Set(status, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now);
            }
        }
        else
        {
            status["acceptedNames"] ??= new JsonObject { ["plural"] = "", ["kind"] = "" };
            DefinitionConditions.Set(status, "NamesAccepted", "False", "MultipleNamesNotAccepted", conflict, now);
            if (!status.Items("conditions").Any(c => c.Item.S("type") == "Established"))
            {
                DefinitionConditions.Set(status, "Established", "False", "NotAccepted", "not all names are accepted", now);
            }
        }
        var stored = status.Strings("storedVersions").ToList();
        var storage = spec.Items("versions").Where(v => v.Item.Bool("storage")).Select(v => v.Item.S("name")).FirstOrDefault();
        if (storage is { Length: > 0 } && !stored.Contains(storage))
        {
            stored.Add(storage);
        }
        status["storedVersions"] = new JsonArray(stored.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
        return status;
    }

    /// <summary>Why a name is refused: another CRD of the group accepted the same kind, plural, singular or short name first.</summary>
    private static string? Conflict(JsonObject crd, IReadOnlyList<JsonObject> all)
    {
        var name = crd.Obj("metadata").S("name");
        var spec = crd.Obj("spec") ?? [];
        var group = spec.S("group");
        var names = spec.Obj("names") ?? [];
        foreach (var other in all)
        {
            if (other.Obj("metadata").S("name") == name || other.Obj("spec").S("group") != group)
            {
                continue;
            }
            var accepted = other.Obj("status")?.Obj("acceptedNames");
            if (accepted is null)
            {
                continue;
            }
            var taken = new HashSet<string>(accepted.Strings("shortNames"), StringComparer.Ordinal) { accepted.S("plural"), accepted.S("singular") };
            foreach (var candidate in new[] { names.S("plural"), names.S("singular") }.Concat(names.Strings("shortNames")))
            {
                if (candidate.Length > 0 && taken.Contains(candidate))
                {
                    return $"\"{candidate}\" is already in use";
                }
            }
            if (names.S("kind").Length > 0 && names.S("kind") == accepted.S("kind"))
            {
                return $"\"{names.S("kind")}\" is already in use";
            }
            if (names.S("listKind").Length > 0 && names.S("listKind") == accepted.S("listKind"))
            {
                return $"\"{names.S("listKind")}\" is already in use";
            }
        }
        return null;
    }
}
