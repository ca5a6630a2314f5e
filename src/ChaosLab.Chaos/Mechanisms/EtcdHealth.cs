using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>The check every etcd fault heals to: each member healthy, exactly one leader.</summary>
public static class EtcdHealth
{
    public static async Task<Check> AllHealthyWithOneLeaderAsync(ChaosEnvironment env, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var statuses = await env.Etcd!.StatusAsync(env.RequireLab(what).EtcdMembers(), ct);
        var evidence = string.Join(", ", statuses.Select(s => $"{s.Node} {(s.Healthy ? "healthy" : "unhealthy")}{(s.IsLeader ? " (leader)" : "")}"));
        return statuses.All(s => s.Healthy) && statuses.Count(s => s.IsLeader) == 1 ? Check.Pass(evidence) : Check.Fail(evidence);
    }
}
