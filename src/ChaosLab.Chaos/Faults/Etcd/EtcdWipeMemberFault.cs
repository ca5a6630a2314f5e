using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Chaos.Faults.Etcd;

/// <summary>
/// Loses one member's disk and brings it back as a new member, as an operator would: stop it, remove
/// it from the cluster, wipe its data, add it again (a new member ID), start it once with
/// --initial-cluster-state existing until it has caught up from the others, then hand it back to the
/// node's supervisor (which restarts it on the now-existing data directory).
/// </summary>
public sealed class EtcdWipeMemberFault(TargetSelector target) : Fault
{
    private ChaosNode? _node;
    private ulong _oldId;
    private ulong _newId;

    public override string Name => "etcd-wipe-member";

    public override TimeSpan VerifyTimeout => TimeSpan.FromSeconds(45);

    public override string Describe() => $"{Name} {(_node?.Name ?? target.Text)}";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var lab = env.RequireLab(Name);
        var nodes = await target.ResolveAsync(env, ct);
        if (nodes.Count != 1 || !env.EtcdMembers().Contains(nodes[0]))
        {
            throw new FaultOptionsException($"{Name}: the target must be one etcd member (got {Names(nodes)})");
        }
        _node = nodes[0];
        Touch(_node);
        var member = env.LabNode(_node);
        var peer = lab.EtcdMembers().First(m => m.Name != member.Name);
        var etcdctl = new EtcdCtl(LabPaths.For(lab.Name));

        _oldId = (await etcdctl.MembersAsync(peer, ct)).FirstOrDefault(m => m.Name == member.Name)?.Id
            ?? throw new ChaosException($"{member.Name} is not an etcd member now");
        await env.PatientSupervisor!.ActAsync(member, ComponentNames.Etcd, ComponentActions.Stop, ct);
        await etcdctl.RunAsync(peer, ["member", "remove", _oldId.ToString("x", System.Globalization.CultureInfo.InvariantCulture)], ct);
        await Exec(env, ["rm", "-rf", EtcdMember.DataDir], ct);
        await etcdctl.RunAsync(peer, ["member", "add", member.Name, $"--peer-urls={EtcdMember.PeerUrl(member)}"], ct);
        _newId = (await etcdctl.MembersAsync(peer, ct)).First(m => m.PeerUrls.Contains(EtcdMember.PeerUrl(member))).Id;

        // The supervised command says --initial-cluster-state new, which only matters on an empty data
        // directory: run the member once as "existing" to join, then let the supervisor take over.
        var profile = TimingProfile.Find(lab.Profile) ?? TimingProfile.Kubernetes;
        var spec = EtcdMember.Component(member, lab.EtcdMembers(), $"chaoslab-{lab.Id}", profile);
        var args = spec.Args.Select(a => a == "new" ? "existing" : a);
        await Exec(env, ["sh", "-c", $"nohup {spec.Command} {string.Join(' ', args)} >/var/log/etcd-rejoin.log 2>&1 &"], ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await env.Etcd!.StatusAsync(member, ct)).Healthy)
        {
            if (DateTime.UtcNow > deadline)
            {
                var log = await env.Engine.ExecAsync(_node.Container, ["tail", "-n", "5", "/var/log/etcd-rejoin.log"], ct);
                throw new ChaosException($"{member.Name} did not rejoin within 30 s: {log.Stdout.Trim()}");
            }
            await Task.Delay(250, ct);
        }
        await Exec(env, ["sh", "-c", "pkill -x etcd; while pgrep -x etcd >/dev/null; do sleep 0.1; done"], ct);
        await env.PatientSupervisor!.ActAsync(member, ComponentNames.Etcd, ComponentActions.Start, ct);
        return $"{member.Name}: member {_oldId:x} removed, data wiped, re-added as {_newId:x} and caught up";
    }

    private async Task Exec(ChaosEnvironment env, IReadOnlyList<string> command, CancellationToken ct)
    {
        var result = await env.Engine.ExecAsync(_node!.Container, command, ct);
        if (!result.Succeeded)
        {
            throw new ChaosException($"{_node.Name}: `{string.Join(' ', command)}` failed: {result.Stderr.Trim()}");
        }
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var status = await env.Etcd!.StatusAsync(env.LabNode(_node!), ct);
        var id = status.MemberId;
        var evidence = $"{_node}: member id {id} (was {_oldId:x}, re-added as {_newId:x}), {(status.Healthy ? "healthy" : "unhealthy")}";
        return status.Healthy && id != _oldId.ToString(System.Globalization.CultureInfo.InvariantCulture) ? Check.Pass(evidence) : Check.Fail(evidence);
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (_node is null)
        {
            return "nothing to undo";
        }
        var etcd = (await env.PatientSupervisor!.ComponentsAsync(env.LabNode(_node), ct)).First(c => c.Name == ComponentNames.Etcd);
        if (etcd.State == ComponentState.Stopped)
        {
            await env.PatientSupervisor!.ActAsync(env.LabNode(_node), ComponentNames.Etcd, ComponentActions.Start, ct);
            return $"started etcd on {_node}";
        }
        return "nothing to undo: the member is back under its supervisor";
    }

    public override Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct) =>
        EtcdHealth.AllHealthyWithOneLeaderAsync(env, Name, ct);
}
