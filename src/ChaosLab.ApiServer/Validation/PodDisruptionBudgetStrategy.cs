using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// policy/v1 PodDisruptionBudgets: minAvailable xor maxUnavailable (a count or a percent up to 100%), a valid
/// selector, a known unhealthyPodEvictionPolicy; generation counts spec changes for status.observedGeneration.
/// </summary>
public sealed class PodDisruptionBudgetStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] EvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Ensure("metadata").SetDefault("generation", 1);
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = new List<FieldCause>();
        var (minAvailable, maxUnavailable) = (spec?["minAvailable"], spec?["maxUnavailable"]);
        if (minAvailable is not null && maxUnavailable is not null)
        {
            causes.Add(Causes.InvalidRaw("spec", $"policy.PodDisruptionBudgetSpec{{MinAvailable:{Causes.GoIntOrString(minAvailable)}, MaxUnavailable:{Causes.GoIntOrString(maxUnavailable)}}}",
                "minAvailable and maxUnavailable cannot be both set"));
        }
        causes.AddRange(IntOrPercentRules.Validate(minAvailable, "spec.minAvailable"));
        causes.AddRange(IntOrPercentRules.NotMoreThan100Percent(minAvailable, "spec.minAvailable"));
        causes.AddRange(IntOrPercentRules.Validate(maxUnavailable, "spec.maxUnavailable"));
        causes.AddRange(IntOrPercentRules.NotMoreThan100Percent(maxUnavailable, "spec.maxUnavailable"));
        if (spec.Obj("selector") is { } selector)
        {
            causes.AddRange(LabelSelectors.Validate(selector, "spec.selector"));
        }
        if (spec.Str("unhealthyPodEvictionPolicy") is { } policy && !EvictionPolicies.Contains(policy))
        {
            causes.Add(Causes.NotSupported("spec.unhealthyPodEvictionPolicy", policy, EvictionPolicies));
        }
        var status = obj.Obj("status");
        foreach (var field in new[] { "disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods" })
        {
            causes.AddRange(Causes.NonNegativeNumber(status, field, $"status.{field}"));
        }
        return causes;
    }
}
