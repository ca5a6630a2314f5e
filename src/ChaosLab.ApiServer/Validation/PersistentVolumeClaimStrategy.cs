using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// v1 PersistentVolumeClaims as upstream validates them: access modes, a positive storage request, a valid
/// selector; after creation the spec is immutable except resources.requests of a bound claim (which may grow,
/// not shrink below status.capacity) and volumeName, which may be set once (binding).
/// </summary>
public sealed class PersistentVolumeClaimStrategy(ResourceType type) : GenericStrategy(type)
{
    private const string ImmutableSpec = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Ensure("spec").SetDefault("volumeMode", "Filesystem");
        obj.Ensure("status").SetDefault("phase", "Pending");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = new List<FieldCause>(PersistentVolumeRules.ValidateAccessModes(spec, "spec.accessModes"));
        if (spec.Obj("selector") is { } selector)
        {
            causes.AddRange(LabelSelectors.Validate(selector, "spec.selector"));
        }
        var storage = spec.Obj("resources").Obj("requests")?["storage"];
        if (storage is null)
        {
            causes.Add(Causes.Required("spec.resources[storage]"));
        }
        else
        {
            causes.AddRange(PersistentVolumeRules.ValidatePositiveQuantity(storage, "spec.resources[storage]"));
        }
        causes.AddRange(PersistentVolumeRules.ValidateVolumeMode(spec, "spec.volumeMode"));
        if (old is not null)
        {
            causes.AddRange(ValidateUpdate(obj, old));
        }
        return causes;
    }

    private static IEnumerable<FieldCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var spec = obj.Obj("spec")?.DeepClone().AsObject() ?? [];
        var oldSpec = old.Obj("spec")?.DeepClone().AsObject() ?? [];
        // volumeName may be set once, by binding.
        if (oldSpec.S("volumeName").Length == 0)
        {
            oldSpec.CopyFrom(spec, "volumeName");
        }
        var bound = old.Obj("status").S("phase") == "Bound";
        if (bound)
        {
            oldSpec.Ensure("resources").CopyFrom(spec.Obj("resources") ?? [], "requests");
        }
        oldSpec.CopyFrom(spec, "volumeAttributesClassName");
        if (!JsonAccess.SemanticEquals(spec, oldSpec))
        {
            yield return FieldCause.Forbidden("spec", ImmutableSpec);
            yield break;
        }
        var requested = PersistentVolumeRules.Quantity(spec.Obj("resources").Obj("requests")?["storage"]);
        var capacity = PersistentVolumeRules.Quantity(old.Obj("status").Obj("capacity")?["storage"]);
        if (bound && requested is not null && capacity is not null && requested < capacity)
        {
            yield return FieldCause.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity");
        }
    }
}
