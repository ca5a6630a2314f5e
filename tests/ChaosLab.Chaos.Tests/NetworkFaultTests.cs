using System.Globalization;
using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// Network faults on the running lab, each observed from inside the node containers with tools the
/// fault does not use (bash /dev/tcp and /dev/udp, nc, curl, ping from a peer), healed, and observed again.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[Order(1)]
public sealed class NetworkFaultTests
{
    [OneTimeSetUp]
    public Task Up() => TestLab.GetAsync();

    [SetUp]
    public Task LabHealthy() => TestLab.WaitHealthyAsync();

    private static Dictionary<string, string> Options(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static string Show(IReadOnlyDictionary<string, bool> matrix) => string.Join(", ", matrix.Select(m => $"{m.Key} {(m.Value ? "ok" : "cut")}"));

    [Test, Order(1)]
    public async Task Partition_cuts_tcp_between_the_groups_and_keeps_it_within_each()
    {
        await using var engine = TestLab.NewEngine();
        (string, string)[] across = [("worker-1", "worker-2"), ("worker-1", "worker-3"), ("cp-1", "worker-2"), ("worker-2", "worker-1"), ("worker-3", "cp-1")];
        (string, string)[] within = [("worker-1", "cp-1"), ("cp-1", "worker-1"), ("worker-2", "worker-3"), ("worker-3", "worker-2")];
        (string, string)[] bystanders = [("worker-1", "cp-2"), ("worker-2", "cp-2"), ("lb", "cp-1")];
        var before = await TestLab.TcpMatrixAsync([.. across, .. within]);
        Assert.That(before.Values, Is.All.True, $"before the fault: {Show(before)}");

        var active = await engine.InjectAsync(FaultCatalog.Create("partition", Options(("target", "worker-1,cp-1"), ("peers", "worker-2,worker-3"))));

        var cut = await TestLab.TcpMatrixAsync(across);
        var kept = await TestLab.TcpMatrixAsync([.. within, .. bystanders]);
        Assert.That(cut.Values, Is.All.False, $"across the partition: {Show(cut)}");
        Assert.That(kept.Values, Is.All.True, $"within each group and to other nodes: {Show(kept)}");

        await engine.HealAsync(active);
        var after = await TestLab.TcpMatrixAsync(across);
        Assert.That(after.Values, Is.All.True, $"after heal: {Show(after)}");
        TestLab.Report(engine, active, $"across: {Show(cut)}; within: {Show(kept)}");
    }

    [Test, Order(2)]
    public async Task A_one_way_partition_drops_only_what_side_a_sends_to_side_b()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(FaultCatalog.Create("partition", Options(("target", "worker-1"), ("peers", "worker-2"), ("one-way", ""))));

        var forward = TestLab.UdpDeliversAsync("worker-1", "worker-2", 9301);
        var backward = TestLab.UdpDeliversAsync("worker-2", "worker-1", 9302);
        var (aToB, bToA) = (await forward, await backward);
        Assert.That(aToB, Is.False, "UDP worker-1 → worker-2 still arrives");
        Assert.That(bToA, Is.True, "UDP worker-2 → worker-1 no longer arrives: the partition is not one-way");
        // A TCP handshake needs both directions, so it fails either way round.
        Assert.That(await TestLab.TcpAsync("worker-1", "worker-2"), Is.False);
        Assert.That(await TestLab.TcpAsync("worker-1", "worker-3"), Is.True, "worker-1 → worker-3 is not part of the fault");

        await engine.HealAsync(active);
        Assert.That(await TestLab.UdpDeliversAsync("worker-1", "worker-2", 9303), Is.True, "UDP worker-1 → worker-2 after heal");
        TestLab.Report(engine, active, $"UDP w1→w2 {(aToB ? "arrives" : "dropped")}, w2→w1 {(bToA ? "arrives" : "dropped")}");
    }

    [Test, Order(3)]
    public async Task Two_overlapping_partitions_hold_at_once_and_healing_one_leaves_the_other()
    {
        await using var engine = TestLab.NewEngine();
        // P1 cuts worker-1 from worker-2 and worker-3; P2 cuts worker-1 and worker-2 from worker-3: both cut worker-1 ↔ worker-3.
        var p1 = await engine.InjectAsync(new PartitionFault(TargetSelector.Parse("worker-1"), TargetSelector.Parse("worker-2,worker-3")));
        var p2 = await engine.InjectAsync(new PartitionFault(TargetSelector.Parse("worker-1,worker-2"), TargetSelector.Parse("worker-3")));
        Assert.That(engine.Active, Has.Count.EqualTo(2));

        var both = await TestLab.TcpMatrixAsync(("worker-1", "worker-2"), ("worker-1", "worker-3"), ("worker-2", "worker-3"));
        Assert.That(both.Values, Is.All.False, $"with both partitions: {Show(both)}");

        await engine.HealAsync(p1);
        var p2Only = await TestLab.TcpMatrixAsync(("worker-1", "worker-2"), ("worker-1", "worker-3"), ("worker-2", "worker-3"), ("worker-3", "worker-1"));
        Assert.That(p2Only["worker-1→worker-2"], Is.True, $"P1 healed, so worker-1 ↔ worker-2 is back: {Show(p2Only)}");
        Assert.That(new[] { p2Only["worker-1→worker-3"], p2Only["worker-2→worker-3"], p2Only["worker-3→worker-1"] }, Is.All.False,
            $"P2 still holds worker-3 apart: {Show(p2Only)}");

        await engine.HealAsync(p2);
        var none = await TestLab.TcpMatrixAsync(("worker-1", "worker-3"), ("worker-2", "worker-3"));
        Assert.That(none.Values, Is.All.True, $"after both heals: {Show(none)}");
        TestLab.Report(engine, p1);
        TestLab.Report(engine, p2);
    }

    [Test, Order(4)]
    public async Task Isolate_cuts_a_worker_off_from_every_node()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(FaultCatalog.Create("isolate", Options(("target", "worker-3"))));

        var cut = await TestLab.TcpMatrixAsync(("worker-3", "cp-1"), ("worker-3", "cp-2"), ("worker-3", "lb"), ("worker-3", "worker-1"), ("worker-2", "worker-3"));
        var kept = await TestLab.TcpMatrixAsync(("worker-1", "cp-1"), ("worker-2", "worker-1"), ("worker-1", "lb"));
        Assert.That(cut.Values, Is.All.False, $"the isolated worker: {Show(cut)}");
        Assert.That(kept.Values, Is.All.True, $"the others: {Show(kept)}");

        await engine.HealAsync(active);
        var after = await TestLab.TcpMatrixAsync(("worker-3", "cp-1"), ("worker-2", "worker-3"));
        Assert.That(after.Values, Is.All.True, $"after heal: {Show(after)}");
        TestLab.Report(engine, active, Show(cut));
    }

    [Test, Order(5)]
    public async Task Isolate_from_control_plane_cuts_a_worker_off_from_the_control_plane_only()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(FaultCatalog.Create("isolate-from-control-plane", Options(("target", "worker-3"))));

        var cut = await TestLab.TcpMatrixAsync(("worker-3", "cp-1"), ("worker-3", "cp-2"), ("worker-3", "cp-3"), ("worker-3", "lb"), ("cp-1", "worker-3"));
        var kept = await TestLab.TcpMatrixAsync(("worker-3", "worker-1"), ("worker-2", "worker-3"), ("worker-1", "cp-1"), ("worker-2", "lb"));
        Assert.That(cut.Values, Is.All.False, $"worker-3 and the control plane: {Show(cut)}");
        Assert.That(kept.Values, Is.All.True, $"between workers, and the other workers to the control plane: {Show(kept)}");

        await engine.HealAsync(active);
        var after = await TestLab.TcpMatrixAsync(("worker-3", "cp-1"), ("worker-3", "lb"));
        Assert.That(after.Values, Is.All.True, $"after heal: {Show(after)}");
        TestLab.Report(engine, active, Show(cut));
    }

    [Test, Order(6)]
    public async Task Loss_of_30_percent_drops_20_to_40_percent_of_500_probes()
    {
        await using var engine = TestLab.NewEngine();
        var from = TestLab.Node("worker-1");
        var to = TestLab.Node("worker-2").Address;
        var active = await engine.InjectAsync(FaultCatalog.Create("loss", Options(("target", "worker-2"), ("percent", "30"))));

        var during = await Ping.RunAsync(TestLab.Engine, from, to, 500, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That(during.Sent, Is.EqualTo(500), during.ToString());
        Assert.That(during.LossPercent, Is.InRange(20.0, 40.0), during.ToString());

        await engine.HealAsync(active);
        var after = await Ping.RunAsync(TestLab.Engine, from, to, 50, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That(after.LossPercent, Is.Zero, after.ToString());
        TestLab.Report(engine, active, $"worker-1 → worker-2 during: {during}; after: {after}");
    }

    [Test, Order(7)]
    public async Task Latency_of_100_ms_raises_the_median_rtt_by_80_to_120_ms()
    {
        await using var engine = TestLab.NewEngine();
        var from = TestLab.Node("worker-1");
        var to = TestLab.Node("worker-2").Address;
        var interval = TimeSpan.FromMilliseconds(20);
        var baseline = await Ping.RunAsync(TestLab.Engine, from, to, 20, interval, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That(baseline.MedianMs, Is.Not.Null, baseline.ToString());

        var active = await engine.InjectAsync(FaultCatalog.Create("latency", Options(("target", "worker-2"), ("delay", "100ms"))));
        var during = await Ping.RunAsync(TestLab.Engine, from, to, 30, interval, TimeSpan.FromSeconds(2), CancellationToken.None);
        var raised = during.MedianMs - baseline.MedianMs;
        Assert.That(raised, Is.InRange(80.0, 120.0), $"baseline {baseline}; with the fault {during}");
        Assert.That(DelayHelper.Running(), Is.Not.Empty, "the NFQUEUE helper runs while the fault holds");
        var record = new Engine.ChaosStateFile(TestLab.Env.Scope).Read().Single(r => r.Id == active.Fault.Id);
        Assert.That(record.Helpers, Has.Count.EqualTo(1), "the state file names the helper, so that a crashed run's helper is stopped by the sweeper");

        await engine.HealAsync(active);
        var after = await Ping.RunAsync(TestLab.Engine, from, to, 20, interval, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That(after.MedianMs, Is.LessThan(10.0), after.ToString());
        Assert.That(after.LossPercent, Is.Zero, after.ToString());
        TestLab.Report(engine, active, string.Create(CultureInfo.InvariantCulture, $"median RTT {baseline.MedianMs:0.00} → {during.MedianMs:0.00} → {after.MedianMs:0.00} ms (+{raised:0.0} ms)"));
    }

    [Test, Order(8)]
    public async Task Bandwidth_of_1_mbit_caps_a_transfer_out_of_the_node()
    {
        await using var engine = TestLab.NewEngine();
        var baseline = await TransferAsync("worker-2", "worker-1", 400_000, 9311);

        var active = await engine.InjectAsync(FaultCatalog.Create("bandwidth", Options(("target", "worker-2"), ("rate", "1mbit"))));
        var during = await TransferAsync("worker-2", "worker-1", 250_000, 9312);
        Assert.That(during, Is.LessThanOrEqualTo(1.2), $"shaped: {during:0.###} Mbit/s (baseline {baseline:0.#} Mbit/s)");
        Assert.That(baseline, Is.GreaterThan(5 * during), $"baseline {baseline:0.#} Mbit/s is not much faster than shaped {during:0.###} Mbit/s");

        await engine.HealAsync(active);
        var after = await TransferAsync("worker-2", "worker-1", 400_000, 9313);
        Assert.That(after, Is.GreaterThan(4.0), $"after heal: {after:0.#} Mbit/s");
        TestLab.Report(engine, active, string.Create(CultureInfo.InvariantCulture, $"transfer out of worker-2: {baseline:0.#} → {during:0.###} → {after:0.#} Mbit/s"));
    }

    /// <summary>
    /// Sends <paramref name="bytes"/> out of <paramref name="server"/> (nc behind a minimal HTTP header, in the node
    /// container) to curl in <paramref name="client"/>; returns curl's measured rate in Mbit/s. The echo image answers
    /// only small JSON, so the node serves the bytes itself: what leaves it crosses the shaped interface either way.
    /// </summary>
    private static async Task<double> TransferAsync(string server, string client, int bytes, int port)
    {
        var serving = TestLab.Engine.ExecAsync(TestLab.Container(server), ["bash", "-c",
            $"{{ printf 'HTTP/1.0 200 OK\\r\\nContent-Length: {bytes}\\r\\n\\r\\n'; head -c {bytes} /dev/zero; }} | timeout 60 nc -N -l {port} >/dev/null"]);
        var url = $"http://{TestLab.Node(server).Address}:{port}/";
        // Retried while nc is not listening yet (connection refused).
        var fetched = await TestLab.Engine.ExecAsync(TestLab.Container(client), ["bash", "-c",
            $"for i in $(seq 50); do out=$(curl -s -o /dev/null -w '%{{speed_download}} %{{size_download}} %{{time_total}}' --max-time 40 {url}) && {{ echo \"$out\"; exit 0; }}; sleep 0.1; done; exit 1"]);
        await serving;
        Assert.That(fetched.ExitCode, Is.Zero, $"curl {url} from {client}: {fetched.Stdout} {fetched.Stderr}");
        var fields = fetched.Stdout.Trim().Split(' ');
        Assert.That(long.Parse(fields[1], CultureInfo.InvariantCulture), Is.EqualTo(bytes), $"bytes received: {fetched.Stdout}");
        var mbit = double.Parse(fields[0], CultureInfo.InvariantCulture) * 8 / 1e6;
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  transfer {server} → {client}: {bytes} B in {fields[2]} s = {mbit:0.###} Mbit/s"));
        return mbit;
    }
}
