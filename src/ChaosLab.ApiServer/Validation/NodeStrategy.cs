using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Nodes: pod CIDRs are valid and, once assigned, fixed; so is the provider ID.</summary>
public sealed class NodeStrategy(ResourceType type) : GenericStrategy(type)
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        // v1 keeps podCIDR as the first of podCIDRs; either may be the one a client set.
        var spec = obj.Ensure("spec");
        if (spec.S("podCIDR").Length > 0 && spec.Arr("podCIDRs") is null or { Count: 0 }) spec["podCIDRs"] = new JsonArray(spec.S("podCIDR"));
        if (spec.S("podCIDR").Length == 0 && spec.Strings("podCIDRs") is [var first, ..]) spec["podCIDR"] = first;
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var cidrs = spec.Strings("podCIDRs");
        var causes = cidrs.Select((c, i) => (c, i)).Where(x => !IpRules.IsCidr(x.c))
            .Select(x => Causes.Invalid($"spec.podCIDRs[{x.i}]", x.c, IpRules.InvalidCidr)).ToList();
        if (cidrs.Count > 1 && (cidrs.Count > 2 || cidrs.Count(IsV4) != 1))
        {
            causes.Add(Causes.InvalidRaw("spec.podCIDRs", Causes.GoStrings(cidrs), "may specify no more than one CIDR for each IP family"));
        }
        if (old is null) return causes;

        var oldSpec = old.Obj("spec");
        var oldCidrs = oldSpec.Strings("podCIDRs");
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(cidrs)) causes.Add(FieldCause.Forbidden("spec.podCIDRs", "may not change once set"));
        var providerId = oldSpec.S("providerID");
        if (providerId.Length > 0 && providerId != spec.S("providerID"))
        {
            causes.Add(FieldCause.Forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }
        return causes;
    }

    private static bool IsV4(string cidr) => !cidr.Contains(':', StringComparison.Ordinal);
}
