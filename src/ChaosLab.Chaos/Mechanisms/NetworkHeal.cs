using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>Removing one fault's rules from its nodes, and checking that none is left.</summary>
public static class NetworkHeal
{
    public static async Task<int> RemoveRulesAsync(ChaosEnvironment env, IEnumerable<ChaosNode> nodes, string faultId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(nodes);
        var removed = 0;
        foreach (var node in nodes)
        {
            if (await Netns.TryPidAsync(env.Engine, node, ct) is { } pid)
            {
                removed += await ChaosRules.DeleteAsync(pid, faultId, ct);
            }
        }
        return removed;
    }

    public static async Task<Check> NoRulesLeftAsync(ChaosEnvironment env, IEnumerable<ChaosNode> nodes, string faultId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(nodes);
        var left = new List<string>();
        foreach (var node in nodes)
        {
            if (await Netns.TryPidAsync(env.Engine, node, ct) is { } pid)
            {
                left.AddRange((await ChaosRules.ListAsync(pid, faultId, ct)).Select(r => $"{node}: {r}"));
            }
        }
        return left.Count == 0 ? Check.Pass($"no rule of this fault left in {string.Join(", ", nodes)}") : Check.Fail(string.Join("; ", left));
    }
}
