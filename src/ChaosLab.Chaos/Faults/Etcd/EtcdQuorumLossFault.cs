using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Chaos.Faults.Etcd;

/// <summary>
/// Stops a majority of etcd members and keeps them down: the survivors lose their leader and every
/// write through the API fails until heal starts the members again.
/// </summary>
public sealed class EtcdQuorumLossFault : Fault
{
    private readonly ComponentFault _stop = new(ComponentAction.Stop, TargetSelector.Parse("etcd:majority"), ComponentNames.Etcd);

    public override string Name => "etcd-quorum-loss";

    public override TimeSpan VerifyTimeout => TimeSpan.FromSeconds(45);

    public override string Describe() => $"{Name} ({_stop.Describe()})";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var evidence = await _stop.InjectAsync(env, ct);
        foreach (var container in _stop.TouchedContainers)
        {
            Touch(env.Nodes.First(n => n.Container == container));
        }
        return evidence;
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var stopped = await _stop.VerifyEffectAsync(env, ct);
        if (!stopped.Ok)
        {
            return stopped;
        }
        var statuses = await env.Etcd!.StatusAsync(env.RequireLab(Name).EtcdMembers(), ct);
        var withLeader = statuses.Where(s => s.Healthy && s.LeaderId.Length > 0 && s.LeaderId != "0").ToList();
        var evidence = $"{stopped.Evidence}; members: {string.Join(", ", statuses.Select(s => $"{s.Node} {(s.Healthy ? "healthy" : "unhealthy")}"))}";
        return withLeader.Count == 0 ? Check.Pass(evidence) : Check.Fail($"{evidence}: {string.Join(", ", withLeader.Select(s => s.Node))} still healthy with a leader");
    }

    public override Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) => _stop.HealAsync(env, ct);

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var members = await _stop.VerifyHealedAsync(env, ct);
        if (!members.Ok)
        {
            return members;
        }
        return await EtcdHealth.AllHealthyWithOneLeaderAsync(env, Name, ct);
    }
}
