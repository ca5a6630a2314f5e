using ChaosLab.Chaos.Engine;
using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Chaos.Tests;

/// <summary>Plain Docker containers as targets, an unknown node on the real lab, and the sweeper's orphan heal.</summary>
[Category("Integration")]
[NonParallelizable]
[Order(5)]
public sealed class SweeperAndTargetTests
{
    [OneTimeSetUp]
    public Task Up() => TestLab.GetAsync();

    [SetUp]
    public Task LabHealthy() => TestLab.WaitHealthyAsync();

    [Test, Order(1)]
    public async Task Third_party_containers_take_a_partition_and_refuse_a_component_fault()
    {
        var a = TestLab.Container("worker-1");
        var b = TestLab.Container("worker-2");
        using var env = await ChaosEnvironment.ForContainersAsync(TestLab.Engine, [a, b]);
        Assert.That(env.Lab, Is.Null);
        Assert.That(env.Nodes.Select(n => n.Container), Is.EqualTo(new[] { a, b }));
        await using var engine = new ChaosEngine(env, new FaultTimeline());

        var active = await engine.InjectAsync(new PartitionFault(TargetSelector.Parse(a), TargetSelector.Parse(b)));
        var during = await TestLab.TcpMatrixAsync(("worker-1", "worker-2"), ("worker-2", "worker-1"), ("worker-1", "worker-3"), ("worker-3", "worker-2"));
        Assert.That(new[] { during["worker-1→worker-2"], during["worker-2→worker-1"] }, Is.All.False, string.Join(", ", during));
        Assert.That(new[] { during["worker-1→worker-3"], during["worker-3→worker-2"] }, Is.All.True, string.Join(", ", during));

        await engine.HealAsync(active);
        Assert.That(await TestLab.TcpAsync("worker-1", "worker-2"), Is.True, "after heal");
        TestLab.Report(engine, active, "containers named by hand, no lab");

        var ex = Assert.CatchAsync<FaultOptionsException>(() => engine.InjectAsync(new ComponentFault(ComponentAction.Kill, TargetSelector.Parse(a), ComponentNames.Kubelet)));
        Assert.That(ex!.Message, Does.Contain("needs the bundled lab").And.Contain("node and network faults only"));
        Assert.That(engine.Active, Is.Empty);
        Assert.That(await ChaosSweeper.FindLeftoversAsync(env), Is.Empty);
        var kubelet = (await TestLab.Env.Supervisor!.ComponentsAsync(TestLab.State.Find("worker-1")!)).Single(c => c.Name == ComponentNames.Kubelet);
        Assert.That(kubelet.State, Is.EqualTo(NodeApi.ComponentState.Running), "the refused fault touched the kubelet");
    }

    [Test, Order(2)]
    public async Task An_unknown_node_fails_on_the_lab_before_anything_is_touched()
    {
        var env = TestLab.Env;
        Assert.That(async () => await TargetSelector.Parse("nope").ResolveAsync(env),
            Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("unknown node 'nope'").And.Message.Contains("worker-1"));

        await using var engine = TestLab.NewEngine();
        var ex = Assert.CatchAsync<FaultOptionsException>(() => engine.InjectAsync(new PartitionFault(TargetSelector.Parse("worker-1"), TargetSelector.Parse("worker-2,nope"))));
        Assert.That(ex!.Message, Does.Contain("unknown node 'nope'"));
        Assert.That(engine.Active, Is.Empty);
        foreach (var node in env.Nodes)
        {
            var pid = await Netns.PidAsync(env.Engine, node, CancellationToken.None);
            Assert.That(await ChaosRules.ListAsync(pid, null, CancellationToken.None), Is.Empty, $"{node}: a chaos rule was inserted");
        }
    }

    [Test, Order(3)]
    public async Task A_fault_whose_owner_died_is_healed_by_the_orphan_sweep()
    {
        const string deadOwner = "1@1";
        Assume.That(ProcessIdentity.IsAlive(deadOwner), Is.False, "PID 1 started at tick 1 on this machine");
        var env = TestLab.Env;
        var node = TestLab.Node("worker-3");
        var faultId = "orphan" + Guid.NewGuid().ToString("N")[..6];
        var state = new ChaosStateFile(env.Scope);
        state.Upsert(new ActiveFaultRecord(faultId, "partition", "hand-made rule of a crashed run", deadOwner, DateTimeOffset.UtcNow, [node.Container], []));
        // A rule that harms nothing (a documentation address), tagged with the dead fault's id.
        await ChaosRules.InsertAsync(env.Engine, node, "INPUT", ["-s", "198.51.100.77", "-j", "DROP"], faultId, CancellationToken.None);
        var pid = await Netns.PidAsync(env.Engine, node, CancellationToken.None);
        Assert.That(await ChaosRules.ListAsync(pid, faultId, CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await ChaosSweeper.FindLeftoversAsync(env), Has.Some.Contains(faultId), "the leftover check sees the orphan");

        try
        {
            var done = await ChaosSweeper.HealOrphansAsync(env.Engine);

            TestContext.Progress.WriteLine($"orphan sweep: {string.Join("; ", done)}");
            Assert.That(done, Has.Some.Contains($"healed orphaned fault {faultId}"));
            Assert.That(await ChaosRules.ListAsync(pid, faultId, CancellationToken.None), Is.Empty, "the orphan's rule is still there");
            Assert.That(state.Read().Select(r => r.Id), Does.Not.Contain(faultId));
        }
        finally
        {
            await ChaosRules.DeleteAsync(pid, faultId, CancellationToken.None);
            state.Remove(faultId);
        }
    }

    [Test, Order(4)]
    public async Task A_crashed_runs_latency_fault_is_healed_by_the_orphan_sweep_helper_included()
    {
        var env = TestLab.Env;
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(new LatencyFault(TargetSelector.Parse("worker-3"), TimeSpan.FromMilliseconds(50), TimeSpan.Zero));
        var state = new ChaosStateFile(env.Scope);
        var record = state.Read().Single(r => r.Id == active.Fault.Id);
        Assert.That(record.Helpers, Has.Count.EqualTo(1), "the state file names the helper");
        state.Upsert(record with { Owner = "1@1" }); // As if the run that injected it had been killed.

        var done = await ChaosSweeper.HealOrphansAsync(env.Engine);

        TestContext.Progress.WriteLine($"orphan sweep: {string.Join("; ", done)}");
        Assert.That(done, Has.Some.StartsWith("stopped latency helper"));
        Assert.That(ProcessIdentity.IsAlive(record.Helpers[0]), Is.False, "the helper still runs");
        var pid = await Netns.PidAsync(env.Engine, TestLab.Node("worker-3"), CancellationToken.None);
        Assert.That(await ChaosRules.ListAsync(pid, active.Fault.Id, CancellationToken.None), Is.Empty);
        var ping = await Ping.RunAsync(env.Engine, TestLab.Node("worker-1"), TestLab.Node("worker-3").Address, 10, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That((ping.LossPercent, ping.MedianMs < 10), Is.EqualTo((0.0, true)), ping.ToString());
        await engine.HealAsync(active); // This run's own heal finds nothing left and verifies.
    }

    [Test, Order(5)]
    public async Task A_live_owners_fault_is_left_alone_by_the_orphan_sweep()
    {
        var env = TestLab.Env;
        var node = TestLab.Node("worker-3");
        var faultId = "alive" + Guid.NewGuid().ToString("N")[..6];
        var state = new ChaosStateFile(env.Scope);
        state.Upsert(new ActiveFaultRecord(faultId, "partition", "hand-made rule of this run", ProcessIdentity.Current, DateTimeOffset.UtcNow, [node.Container], []));
        await ChaosRules.InsertAsync(env.Engine, node, "INPUT", ["-s", "198.51.100.78", "-j", "DROP"], faultId, CancellationToken.None);
        var pid = await Netns.PidAsync(env.Engine, node, CancellationToken.None);
        try
        {
            await ChaosSweeper.HealOrphansAsync(env.Engine);
            Assert.That(await ChaosRules.ListAsync(pid, faultId, CancellationToken.None), Has.Count.EqualTo(1), "a live run's rule was swept");
            Assert.That(state.Read().Select(r => r.Id), Does.Contain(faultId));
        }
        finally
        {
            await ChaosRules.DeleteAsync(pid, faultId, CancellationToken.None);
            state.Remove(faultId);
        }
    }
}

/// <summary>Runs last: after every fault test, nothing the chaos engine adds is left anywhere in the lab.</summary>
[Category("Integration")]
[NonParallelizable]
[Order(int.MaxValue)]
public sealed class LeftoverTests
{
    [Test]
    public async Task No_chaos_rule_qdisc_helper_paused_container_or_stopped_component_is_left()
    {
        var env = await TestLab.GetAsync();
        var leftovers = await ChaosSweeper.FindLeftoversAsync(env);
        Assert.That(leftovers, Is.Empty, string.Join(Environment.NewLine, leftovers));
        foreach (var node in env.Nodes)
        {
            var pid = await Netns.PidAsync(env.Engine, node, CancellationToken.None);
            var qdisc = await TrafficShaper.ShowAsync(pid, CancellationToken.None);
            Assert.That(qdisc, Does.Not.Contain("tbf"), $"{node}: {qdisc}");
            var queues = await Netns.RunAsync(pid, ["iptables", "-w", "-S"], CancellationToken.None);
            Assert.That(queues.StandardOutput, Does.Not.Contain("NFQUEUE").And.Not.Contain(ChaosRules.CommentPrefix), $"{node}");
        }
    }
}
