using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// storage.k8s.io StorageClasses: a provisioner is required; reclaim policy and binding mode default to Delete and
/// Immediate; provisioner, parameters, reclaim policy and binding mode cannot change once created.
/// </summary>
public sealed class StorageClassStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] ReclaimPolicies = ["Delete", "Retain"];
    private static readonly string[] BindingModes = ["Immediate", "WaitForFirstConsumer"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!obj.Has("reclaimPolicy")) obj["reclaimPolicy"] = "Delete";
        if (!obj.Has("volumeBindingMode")) obj["volumeBindingMode"] = "Immediate";
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var provisioner = obj.S("provisioner");
        if (provisioner.Length == 0) causes.Add(Causes.Required("provisioner"));
        else causes.AddRange(Causes.Each("provisioner", provisioner, NameRules.IsQualifiedName(provisioner.ToLowerInvariant())));
        foreach (var (key, _) in obj.Map("parameters") ?? [])
        {
            if (key.Length == 0) causes.Add(Causes.Invalid("parameters", key, "empty key"));
        }
        if (obj.Str("reclaimPolicy") is { } reclaim && !ReclaimPolicies.Contains(reclaim)) causes.Add(Causes.NotSupported("reclaimPolicy", reclaim, ReclaimPolicies));
        if (obj.Str("volumeBindingMode") is { } mode && !BindingModes.Contains(mode)) causes.Add(Causes.NotSupported("volumeBindingMode", mode, BindingModes));
        if (old is null) return causes;

        if (!JsonNode.DeepEquals(obj["parameters"], old["parameters"])) causes.Add(FieldCause.Forbidden("parameters", "updates to parameters are forbidden."));
        if (obj.S("provisioner") != old.S("provisioner")) causes.Add(FieldCause.Forbidden("provisioner", "updates to provisioner are forbidden."));
        if (obj.S("reclaimPolicy") != old.S("reclaimPolicy")) causes.Add(FieldCause.Forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        if (obj.S("volumeBindingMode") != old.S("volumeBindingMode"))
        {
            causes.Add(Causes.Invalid("volumeBindingMode", obj.S("volumeBindingMode"), Causes.Immutable));
        }
        return causes;
    }
}
