using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;
using k8s;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// Node faults on workers: pause is seen through the node's heartbeat Lease in the API; kill, stop,
/// restart and reboot through the container state, TCP from a peer, and the Node's Ready condition after heal.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[Order(2)]
public sealed class NodeFaultTests
{
    [OneTimeSetUp]
    public Task Up() => TestLab.GetAsync();

    [SetUp]
    public Task LabHealthy() => TestLab.WaitHealthyAsync();

    private static Dictionary<string, string> Target(string node) => new() { ["target"] = node };

    [Test, Order(1)]
    public async Task Node_pause_stops_the_heartbeat_lease_until_healed()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(FaultCatalog.Create("node-pause", Target("worker-2")));
        Assert.That((await TestLab.Engine.InspectAsync(TestLab.Container("worker-2")))!.State, Is.EqualTo(ContainerState.Paused));

        var frozen = await RenewTimeAsync("worker-2");
        var otherBefore = await RenewTimeAsync("worker-1");
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var still = await RenewTimeAsync("worker-2");
        var otherAfter = await RenewTimeAsync("worker-1");
        Assert.That(still, Is.EqualTo(frozen), "the paused node's Lease was renewed");
        Assert.That(otherAfter, Is.GreaterThan(otherBefore!.Value), "a running node's Lease advances meanwhile");
        // The kernel still completes TCP handshakes for a frozen process; an HTTP answer needs the process.
        Assert.That(await SupervisorAnswersAsync("worker-1", "worker-2"), Is.False, "the frozen node's supervisor answered HTTP");

        await engine.HealAsync(active);
        Assert.That(await SupervisorAnswersAsync("worker-1", "worker-2"), Is.True, "after heal");
        var renewed = await Eventually.UntilAsync("worker-2's Lease renewed after heal", TimeSpan.FromSeconds(20), async () =>
        {
            var now = await RenewTimeAsync("worker-2");
            return (now > frozen, $"renewTime {now:HH:mm:ss.fff}");
        });
        TestLab.Report(engine, active, $"Lease kube-node-lease/worker-2 frozen at {frozen:HH:mm:ss.fff} for ≥ 3.5 s; renewed {renewed.TotalSeconds:0.0} s after the verified heal");
    }

    [Test, Order(2)]
    public async Task Node_kill_exits_the_container_and_heal_brings_the_node_back_ready()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(new NodeFault(NodeAction.Kill, TargetSelector.Parse("worker-3")));

        var state = (await TestLab.Engine.InspectAsync(TestLab.Container("worker-3")))!.State;
        Assert.That(state, Is.EqualTo(ContainerState.Exited).Or.EqualTo(ContainerState.Dead));
        Assert.That(await TestLab.TcpAsync("worker-1", "worker-3"), Is.False, "a killed node still answers");

        var healStart = DateTime.UtcNow;
        await engine.HealAsync(active);
        var ready = await WaitReadyAsync("worker-3", healStart);
        TestLab.Report(engine, active, $"container {state}; Node Ready {ready.TotalSeconds:0.0} s after the verified heal; {await ComponentsAsync("worker-3")}");
    }

    [Test, Order(3)]
    public async Task Node_stop_keeps_the_container_down_until_heal_starts_it()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(FaultCatalog.Create("node-stop", Target("worker-3")));

        await Task.Delay(TimeSpan.FromSeconds(1));
        var state = (await TestLab.Engine.InspectAsync(TestLab.Container("worker-3")))!.State;
        Assert.That(state, Is.EqualTo(ContainerState.Exited), "a stopped node came back by itself");
        Assert.That(await TestLab.TcpAsync("worker-2", "worker-3"), Is.False);

        var healStart = DateTime.UtcNow;
        await engine.HealAsync(active);
        Assert.That((await TestLab.Engine.InspectAsync(TestLab.Container("worker-3")))!.State, Is.EqualTo(ContainerState.Running));
        var ready = await WaitReadyAsync("worker-3", healStart);
        TestLab.Report(engine, active, $"container {state}; Node Ready {ready.TotalSeconds:0.0} s after the verified heal; {await ComponentsAsync("worker-3")}");
    }

    [Test, Order(4)]
    public async Task Node_restart_and_node_reboot_start_the_container_anew_and_the_node_comes_back_ready()
    {
        await using var engine = TestLab.NewEngine();
        var figures = new List<string>();
        foreach (var (fault, node) in new[] { ("node-restart", "worker-1"), ("node-reboot", "worker-2") })
        {
            var startedBefore = (await TestLab.Engine.InspectAsync(TestLab.Container(node)))!.StartedAt;
            var active = await engine.InjectAsync(FaultCatalog.Create(fault, Target(node)));
            var info = (await TestLab.Engine.InspectAsync(TestLab.Container(node)))!;
            Assert.That(info.State, Is.EqualTo(ContainerState.Running), fault);
            Assert.That(info.StartedAt, Is.GreaterThan(startedBefore!.Value), $"{fault}: the container did not start anew");

            var healStart = DateTime.UtcNow;
            await engine.HealAsync(active); // Nothing to undo: waits until every component of the node is healthy again.
            var ready = await WaitReadyAsync(node, healStart);
            TestLab.Report(engine, active, $"started {startedBefore:HH:mm:ss.fff} → {info.StartedAt:HH:mm:ss.fff}; Node Ready {ready.TotalSeconds:0.0} s after the verified heal; {await ComponentsAsync(node)}");
        }
    }

    /// <summary>
    /// Whether <paramref name="to"/>'s supervisor process answers a TLS handshake from inside <paramref name="from"/> within 2 s.
    /// It refuses us (no client certificate: curl exits 35 or 56), but only a live process can; a frozen or unreachable one
    /// times out (28) or refuses the connection (7). A bare TCP connect would not do: the kernel accepts it for a paused process.
    /// </summary>
    private static async Task<bool> SupervisorAnswersAsync(string from, string to) =>
        (await TestLab.Engine.ExecAsync(TestLab.Container(from), ["curl", "-sk", "-o", "/dev/null", "--max-time", "2", $"https://{TestLab.Node(to).Address}:7070/healthz"])).ExitCode
            is not (7 or 28);

    /// <summary>Each component's restarts and last exit code since the node started: what a slow recovery waited for.</summary>
    private static async Task<string> ComponentsAsync(string node) =>
        string.Join(", ", (await TestLab.Env.Supervisor!.ComponentsAsync(TestLab.State.Find(node)!))
            .Select(c => $"{c.Name} restarts {c.Restarts}{(c.LastExitCode is { } code ? $" (last exit {code})" : "")}"));

    private static async Task<DateTime?> RenewTimeAsync(string node) =>
        (await TestLab.Api.CoordinationV1.ReadNamespacedLeaseAsync(node, "kube-node-lease")).Spec.RenewTime;

    /// <summary>Waits for the Node's Ready condition to be True with a heartbeat newer than <paramref name="since"/>.</summary>
    public static Task<TimeSpan> WaitReadyAsync(string node, DateTime since) =>
        Eventually.UntilAsync($"Node {node} Ready with a fresh heartbeat", TimeSpan.FromSeconds(40), async () =>
        {
            var ready = (await TestLab.Api.CoreV1.ReadNodeAsync(node)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            return (ready?.Status == "True" && ready.LastHeartbeatTime?.ToUniversalTime() > since, $"Ready {ready?.Status} heartbeat {ready?.LastHeartbeatTime:O}");
        }, 250);
}
