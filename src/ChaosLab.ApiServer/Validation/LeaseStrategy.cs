using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>coordination.k8s.io Leases: a lease that lasts no time could never be held.</summary>
public sealed class LeaseStrategy(ResourceType type) : GenericStrategy(type)
{
    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        if (spec.Num("leaseDurationSeconds") is <= 0 and var duration)
        {
            yield return Causes.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }
        foreach (var cause in Causes.NonNegativeNumber(spec, "leaseTransitions", "spec.leaseTransitions")) yield return cause;
    }
}
