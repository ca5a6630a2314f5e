using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Chaos.Faults.Etcd;

/// <summary>
/// Disaster recovery as an operator does it: take a snapshot of the cluster (etcdctl snapshot save
/// from the leader), stop every member, restore the snapshot into a fresh data directory on each
/// (etcdctl snapshot restore, which makes a new cluster ID), and start them again. Writes made after
/// the snapshot are lost, as in a real restore; the effect is the new cluster ID with every member
/// healthy.
/// </summary>
public sealed class EtcdSnapshotRestoreFault : Fault
{
    private const string SnapshotFile = "etcd-snapshot.db";
    private readonly List<ChaosNode> _members = [];
    private ulong _oldClusterId;

    public override string Name => "etcd-snapshot-restore";

    public override TimeSpan VerifyTimeout => TimeSpan.FromSeconds(60);

    public override string Describe() => $"{Name} ({(_members.Count > 0 ? Names(_members) : "every member")})";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var lab = env.RequireLab(Name);
        var paths = LabPaths.For(lab.Name);
        var members = lab.EtcdMembers();
        _members.AddRange(env.EtcdMembers());
        var statuses = await env.Etcd!.StatusAsync(members, ct);
        var source = members.First(m => statuses.Any(s => s.Node == m.Name && s.IsLeader) || statuses.All(s => !s.IsLeader));
        var etcdctl = new EtcdCtl(paths);
        _oldClusterId = await etcdctl.ClusterIdAsync(source, ct);

        // The snapshot goes into each member's node folder, which the node sees at /etc/chaoslab.
        var saved = Path.Combine(paths.Node(source.Name), SnapshotFile);
        await etcdctl.RunAsync(source, ["snapshot", "save", saved], ct);
        foreach (var member in members.Where(m => m.Name != source.Name))
        {
            File.Copy(saved, Path.Combine(paths.Node(member.Name), SnapshotFile), overwrite: true);
        }

        foreach (var node in _members)
        {
            Touch(node);
        }
        await Task.WhenAll(members.Select(m => env.PatientSupervisor!.ActAsync(m, ComponentNames.Etcd, ComponentActions.Stop, ct)));
        var initialCluster = string.Join(',', members.Select(m => $"{m.Name}={EtcdMember.PeerUrl(m)}"));
        foreach (var member in members)
        {
            var restore = string.Join(' ',
                "rm -rf /var/lib/etcd.restore &&",
                $"ETCDCTL_API=3 etcdctl snapshot restore /etc/chaoslab/{SnapshotFile}",
                $"--name {member.Name} --initial-cluster {initialCluster} --initial-cluster-token chaoslab-{lab.Id}-restored",
                $"--initial-advertise-peer-urls {EtcdMember.PeerUrl(member)} --data-dir /var/lib/etcd.restore &&",
                $"rm -rf {EtcdMember.DataDir} && mv /var/lib/etcd.restore {EtcdMember.DataDir}");
            var result = await env.Engine.ExecAsync(LabLabels.ContainerName(lab.Name, member.Name), ["sh", "-c", restore], ct);
            if (!result.Succeeded)
            {
                throw new ChaosException($"{member.Name}: snapshot restore failed: {result.Stderr.Trim()}");
            }
        }
        await Task.WhenAll(members.Select(m => env.PatientSupervisor!.ActAsync(m, ComponentNames.Etcd, ComponentActions.Start, ct)));
        return $"snapshot of {source.Name} ({new FileInfo(saved).Length / 1024} KiB) restored on {string.Join(", ", members.Select(m => m.Name))}";
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var lab = env.RequireLab(Name);
        var members = await EtcdHealth.AllHealthyWithOneLeaderAsync(env, Name, ct);
        if (!members.Ok)
        {
            return members;
        }
        var clusterId = await new EtcdCtl(LabPaths.For(lab.Name)).ClusterIdAsync(lab.EtcdMembers()[0], ct);
        var evidence = $"cluster id {clusterId:x} (was {_oldClusterId:x}); every member healthy with one leader";
        return clusterId != _oldClusterId ? Check.Pass(evidence) : Check.Fail(evidence);
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var lab = env.RequireLab(Name);
        var started = new List<string>();
        foreach (var member in lab.EtcdMembers())
        {
            File.Delete(Path.Combine(LabPaths.For(lab.Name).Node(member.Name), SnapshotFile));
            var etcd = (await env.PatientSupervisor!.ComponentsAsync(member, ct)).First(c => c.Name == ComponentNames.Etcd);
            if (etcd.State == ComponentState.Stopped)
            {
                await env.PatientSupervisor!.ActAsync(member, ComponentNames.Etcd, ComponentActions.Start, ct);
                started.Add(member.Name);
            }
        }
        return started.Count > 0 ? $"started etcd on {string.Join(", ", started)}" : "removed the snapshot files; nothing else to undo (a restore is not undone)";
    }

    public override Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct) =>
        EtcdHealth.AllHealthyWithOneLeaderAsync(env, Name, ct);
}
