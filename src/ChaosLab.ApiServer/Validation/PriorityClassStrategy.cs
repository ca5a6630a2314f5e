using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// scheduling.k8s.io PriorityClasses: user classes stay at or below one billion and off the "system-" prefix (the two
/// system classes excepted, with their own values); value and preemption policy are fixed once created.
/// </summary>
public sealed class PriorityClassStrategy(ResourceType type) : GenericStrategy(type)
{
    public const long HighestUserDefinable = 1_000_000_000;
    private const string SystemPrefix = "system-";
    private static readonly string[] PreemptionPolicies = ["Never", "PreemptLowerPriority"];

    private static readonly Dictionary<string, long> SystemClasses = new(StringComparer.Ordinal)
    {
        ["system-node-critical"] = 2_000_001_000,
        ["system-cluster-critical"] = 2_000_000_000,
    };

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!obj.Has("preemptionPolicy")) obj["preemptionPolicy"] = "PreemptLowerPriority";
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var name = obj.Obj("metadata").S("name");
        var value = (long)(obj.Num("value") ?? 0);
        if (name.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            if (!SystemClasses.TryGetValue(name, out var systemValue))
            {
                causes.Add(FieldCause.Forbidden("metadata.name",
                    $"priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: {name} is not a known system priority class"));
            }
            else if (systemValue != value)
            {
                causes.Add(FieldCause.Forbidden("metadata.name",
                    $"priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: value of {name} PriorityClass must be {systemValue}"));
            }
        }
        else if (value > HighestUserDefinable)
        {
            causes.Add(FieldCause.Forbidden("value", $"maximum allowed value of a user defined priority is {HighestUserDefinable}"));
        }
        if (obj.Str("preemptionPolicy") is { } policy && !PreemptionPolicies.Contains(policy))
        {
            causes.Add(Causes.NotSupported("preemptionPolicy", policy, PreemptionPolicies));
        }
        if (old is null) return causes;

        if (obj.Num("value") != old.Num("value")) causes.Add(FieldCause.Forbidden("value", "may not be changed in an update."));
        if (obj.S("preemptionPolicy") != old.S("preemptionPolicy"))
        {
            causes.Add(Causes.Invalid("preemptionPolicy", obj.S("preemptionPolicy"), Causes.Immutable));
        }
        return causes;
    }
}
