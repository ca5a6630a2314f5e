using ChaosLab.Chaos.Catalog;
using ChaosLab.Lab.Etcd;
using k8s;
using k8s.Models;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// etcd faults, observed through the members' own status endpoints (who leads) and through writes to the
/// Kubernetes API (a ConfigMap create), then healed.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[Order(4)]
public sealed class EtcdFaultTests
{
    private const string Ns = "default";
    private static readonly Dictionary<string, string> NoOptions = [];

    [OneTimeSetUp]
    public Task Up() => TestLab.GetAsync();

    [SetUp]
    public Task LabHealthy() => TestLab.WaitHealthyAsync();

    [Test, Order(1)]
    public async Task Killing_the_etcd_leader_yields_a_new_leader_and_api_writes_succeed()
    {
        await using var engine = TestLab.NewEngine();
        var old = await LeaderAsync();
        var oldLeader = old.Node;

        var active = await engine.InjectAsync(FaultCatalog.Create("etcd-kill-leader", NoOptions));
        Assert.That(active.Fault.Describe(), Does.Contain(oldLeader));

        // A new leader is one elected after the kill: a higher raft term. Usually another member; but the killed
        // member, restarted by its supervisor within the election timeout, may campaign and win that election itself.
        string? newLeader = null;
        var elected = await Eventually.UntilAsync("a new etcd leader (a new term)", TimeSpan.FromSeconds(20), async () =>
        {
            var statuses = await StatusesAsync();
            var leader = statuses.FirstOrDefault(s => s.IsLeader && s.Healthy && s.RaftTerm > old.RaftTerm);
            newLeader = leader is null ? null : $"{leader.Node} (term {old.RaftTerm} → {leader.RaftTerm})";
            return (newLeader is not null, Show(statuses));
        }, 100);
        var written = await WriteEventuallyAsync("after the leader was killed", TimeSpan.FromSeconds(30));

        await engine.HealAsync(active);
        TestLab.Report(engine, active, $"leader {oldLeader} → {newLeader} {elected.TotalSeconds:0.0} s after the verified kill; ConfigMap written {written.TotalSeconds:0.0} s after it", "etcd-kill-leader");
    }

    [Test, Order(2)]
    public async Task Losing_quorum_makes_api_writes_fail_until_healed()
    {
        await using var engine = TestLab.NewEngine();
        await WriteEventuallyAsync("before the fault", TimeSpan.FromSeconds(15));

        var active = await engine.InjectAsync(FaultCatalog.Create("etcd-quorum-loss", NoOptions));
        using (var client = TestLab.Client(TimeSpan.FromSeconds(3)))
        {
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                var name = NewName();
                Assert.That(async () => await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns), Throws.Exception,
                    $"write {attempt} succeeded without an etcd quorum ({Show(await StatusesAsync())})");
            }
        }

        await engine.HealAsync(active);
        var written = await WriteEventuallyAsync("after quorum was restored", TimeSpan.FromSeconds(45));
        TestLab.Report(engine, active, $"2 of 2 writes failed during the fault; a write succeeded {written.TotalSeconds:0.0} s after the verified heal");
    }

    [Test, Order(3)]
    public async Task Partitioning_the_etcd_leader_makes_the_others_elect_a_new_one()
    {
        await using var engine = TestLab.NewEngine();
        var old = await LeaderAsync();

        var active = await engine.InjectAsync(FaultCatalog.Create("etcd-partition-leader", NoOptions));
        Assert.That(active.Fault.Describe(), Does.Contain(old.Node));

        string? newLeader = null;
        var elected = await Eventually.UntilAsync("the other members to elect a leader among themselves", TimeSpan.FromSeconds(20), async () =>
        {
            var others = (await StatusesAsync()).Where(s => s.Node != old.Node).ToList();
            var leaderIds = others.Select(s => s.LeaderId).Distinct().ToList();
            newLeader = others.FirstOrDefault(s => s.IsLeader)?.Node;
            return (others.All(s => s.Healthy) && leaderIds.Count == 1 && leaderIds[0] != old.MemberId && newLeader is not null, Show(others));
        }, 100);
        var written = await WriteEventuallyAsync("with the old leader cut off", TimeSpan.FromSeconds(30));

        await engine.HealAsync(active);
        var rejoined = await Eventually.UntilAsync("all three members healthy with one leader", TimeSpan.FromSeconds(30), async () =>
        {
            var statuses = await StatusesAsync();
            return (statuses.All(s => s.Healthy) && statuses.Select(s => s.LeaderId).Distinct().Count() == 1 && statuses.Count(s => s.IsLeader) == 1, Show(statuses));
        }, 100);
        TestLab.Report(engine, active, $"leader {old.Node} cut off → {newLeader} leads {elected.TotalSeconds:0.0} s after the verified cut; API write {written.TotalSeconds:0.0} s later; all healthy {rejoined.TotalSeconds:0.0} s after the verified heal");
    }

    private static async Task<IReadOnlyList<EtcdMemberStatus>> StatusesAsync() =>
        await TestLab.Env.Etcd!.StatusAsync(TestLab.State.EtcdMembers());

    private static async Task<EtcdMemberStatus> LeaderAsync()
    {
        EtcdMemberStatus? leader = null;
        await Eventually.UntilAsync("an etcd leader", TimeSpan.FromSeconds(15), async () =>
        {
            var statuses = await StatusesAsync();
            leader = statuses.FirstOrDefault(s => s.IsLeader);
            return (leader is not null && statuses.All(s => s.Healthy), Show(statuses));
        });
        return leader!;
    }

    private static string Show(IEnumerable<EtcdMemberStatus> statuses) =>
        string.Join("; ", statuses.Select(s => $"{s.Node} {(s.Healthy ? "healthy" : $"unhealthy ({s.Error})")} term {s.RaftTerm} leader={s.LeaderId}{(s.IsLeader ? " (leader)" : "")}"));

    /// <summary>
    /// Creates a ConfigMap until one create succeeds; returns how long it took. Each attempt uses a new client: the
    /// load balancer forwards TCP, so a kept-alive connection stays with an API server whose etcd member was cut off
    /// (even once its /readyz fails), while a new connection goes to a ready one.
    /// </summary>
    private static Task<TimeSpan> WriteEventuallyAsync(string when, TimeSpan timeout) =>
        Eventually.UntilAsync($"an API write {when}", timeout, async () =>
        {
            using var client = TestLab.Client(TimeSpan.FromSeconds(5));
            var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(NewName()), Ns);
            return (created.Metadata.Uid is not null, "created");
        }, 250);

    private static string NewName() => "chaos-write-" + Guid.NewGuid().ToString("N")[..8];

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["chaoslab.test"] = "etcd" } },
        Data = new Dictionary<string, string> { ["written"] = DateTimeOffset.UtcNow.ToString("O") },
    };
}
