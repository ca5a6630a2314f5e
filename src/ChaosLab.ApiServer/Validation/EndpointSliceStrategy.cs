using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>discovery.k8s.io EndpointSlices: a fixed address type, one of IPv4, IPv6 or FQDN.</summary>
public sealed class EndpointSliceStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var addressType = obj.S("addressType");
        var causes = PodSpecValidator.Enumerated(addressType, "addressType", AddressTypes).ToList();
        if (old is not null && addressType != old.S("addressType")) causes.Add(Causes.Invalid("addressType", addressType, Causes.Immutable));
        return causes;
    }
}
