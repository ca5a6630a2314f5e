using ChaosLab.Chaos.Catalog;
using ChaosLab.Lab.Etcd;
using k8s;
using k8s.Models;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// The two etcd faults an operator lives through by hand: a member that lost its disk and comes back as a
/// new member, and a whole cluster restored from a snapshot. Observed through member status and the API.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[Order(5)]
public sealed class EtcdRecoveryFaultTests
{
    private static readonly Dictionary<string, string> NoOptions = [];

    [OneTimeSetUp]
    public Task Up() => TestLab.GetAsync();

    [SetUp]
    public Task LabHealthy() => TestLab.WaitHealthyAsync();

    [Test, Order(1)]
    public async Task A_wiped_member_rejoins_as_a_new_member_and_the_cluster_keeps_every_object()
    {
        await using var engine = TestLab.NewEngine();
        var before = await WriteAsync("before-wipe");
        var ids = (await StatusesAsync()).ToDictionary(s => s.Node, s => s.MemberId);

        var active = await engine.InjectAsync(FaultCatalog.Create("etcd-wipe-member", NoOptions));
        var wiped = TestLab.State.EtcdMembers().First(m => active.Fault.Describe().Contains(m.Name, StringComparison.Ordinal));

        var statuses = await StatusesAsync();
        var rejoined = statuses.Single(s => s.Node == wiped.Name);
        Assert.That(rejoined.MemberId, Is.Not.EqualTo(ids[wiped.Name]), "the wiped member came back with its old ID");
        Assert.That(statuses.All(s => s.Healthy), Is.True, Show(statuses));
        Assert.That(rejoined.DbSizeBytes, Is.GreaterThan(0), "the new member has no data");
        await ReadAsync(before);
        await WriteAsync("after-wipe");

        await engine.HealAsync(active);
        TestLab.Report(engine, active, $"{wiped.Name}: member {ids[wiped.Name]} → {rejoined.MemberId}; objects written before are readable, writes succeed");
    }

    [Test, Order(2)]
    public async Task Restoring_a_snapshot_makes_a_new_cluster_that_holds_the_objects_written_before_it()
    {
        await using var engine = TestLab.NewEngine();
        var before = await WriteAsync("before-restore");

        var active = await engine.InjectAsync(FaultCatalog.Create("etcd-snapshot-restore", NoOptions));
        var statuses = await StatusesAsync();
        Assert.That(statuses.All(s => s.Healthy) && statuses.Count(s => s.IsLeader) == 1, Is.True, Show(statuses));
        await ReadAsync(before);
        var written = await Eventually.UntilAsync("an API write on the restored cluster", TimeSpan.FromSeconds(30), async () =>
        {
            await WriteAsync("after-restore");
            return (true, "written");
        }, 250);

        await engine.HealAsync(active);
        TestLab.Report(engine, active, $"object written before the snapshot readable after the restore; a new write {written.TotalSeconds:0.0} s after the verified effect");
    }

    private static async Task<IReadOnlyList<EtcdMemberStatus>> StatusesAsync() =>
        await TestLab.Env.Etcd!.StatusAsync(TestLab.State.EtcdMembers());

    private static string Show(IEnumerable<EtcdMemberStatus> statuses) =>
        string.Join("; ", statuses.Select(s => $"{s.Node} {(s.Healthy ? "healthy" : "unhealthy")} id {s.MemberId}{(s.IsLeader ? " (leader)" : "")}"));

    private static async Task<string> WriteAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await Eventually.UntilAsync($"ConfigMap {name} written", TimeSpan.FromSeconds(30), async () =>
        {
            using var client = TestLab.Client(TimeSpan.FromSeconds(5));
            try
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { Name = name },
                    Data = new Dictionary<string, string> { ["at"] = DateTimeOffset.UtcNow.ToString("O") },
                }, "default");
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // An earlier attempt was written although its answer was lost.
            }
            return (true, "created");
        }, 250);
        return name;
    }

    private static async Task ReadAsync(string name) =>
        await Eventually.UntilAsync($"ConfigMap {name} readable", TimeSpan.FromSeconds(30), async () =>
        {
            using var client = TestLab.Client(TimeSpan.FromSeconds(5));
            var read = await client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
            return (read.Metadata.Name == name, "read");
        }, 250);
}
