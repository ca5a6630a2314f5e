using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;
using k8s;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// Component faults through the node supervisors, observed in the API (Leases) and in the node's
/// process table, then healed.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[Order(3)]
public sealed class ComponentFaultTests
{
    [OneTimeSetUp]
    public Task Up() => TestLab.GetAsync();

    [SetUp]
    public Task LabHealthy() => TestLab.WaitHealthyAsync();

    [Test, Order(1)]
    public async Task Killing_the_scheduler_lease_holder_moves_the_lease_to_another_node()
    {
        await using var engine = TestLab.NewEngine();
        var before = await TestLab.Api.CoordinationV1.ReadNamespacedLeaseAsync(ComponentNames.Scheduler, "kube-system");
        var holder = before.Spec.HolderIdentity;
        var transitions = before.Spec.LeaseTransitions ?? 0;

        var active = await engine.InjectAsync(FaultCatalog.Create("component-kill", new Dictionary<string, string>
        {
            ["target"] = "lease:kube-scheduler",
            ["component"] = "kube-scheduler",
        }));
        Assert.That(active.Fault.Describe(), Does.Contain(holder.Split('_')[0]), "the fault resolved the lease holder's node");

        string? newHolder = null;
        var moved = await Eventually.UntilAsync("another kube-scheduler to take the Lease", TimeSpan.FromSeconds(30), async () =>
        {
            var now = await TestLab.Api.CoordinationV1.ReadNamespacedLeaseAsync(ComponentNames.Scheduler, "kube-system");
            newHolder = now.Spec.HolderIdentity;
            return (newHolder != holder && now.Spec.LeaseTransitions > transitions, $"holder {newHolder}, transitions {now.Spec.LeaseTransitions}");
        }, 250);
        Assert.That(newHolder!.Split('_')[0], Is.Not.EqualTo(holder.Split('_')[0]), "the Lease went to a scheduler on another node");

        await engine.HealAsync(active);
        TestLab.Report(engine, active, $"Lease kube-scheduler {holder} → {newHolder} {moved.TotalSeconds:0.0} s after the verified kill");
    }

    [Test, Order(2)]
    public async Task Stopping_a_kubelet_keeps_it_down_until_heal()
    {
        await using var engine = TestLab.NewEngine();
        var node = TestLab.State.Find("worker-1")!;
        var pidBefore = (await StatusAsync("worker-1", ComponentNames.Kubelet)).Pid;

        var active = await engine.InjectAsync(new ComponentFault(ComponentAction.Stop, TargetSelector.Parse("worker-1"), ComponentNames.Kubelet));
        var stopped = await StatusAsync("worker-1", ComponentNames.Kubelet);
        Assert.That((stopped.State, stopped.Pid), Is.EqualTo((ComponentState.Stopped, (int?)null)));
        Assert.That(await ProcessStateAsync("worker-1", pidBefore!.Value), Is.Empty, "the kubelet process is still there");
        var frozen = await RenewTimeAsync("worker-1");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.That(await RenewTimeAsync("worker-1"), Is.EqualTo(frozen), "worker-1's Lease was renewed without its kubelet");

        await engine.HealAsync(active);
        var back = await StatusAsync("worker-1", ComponentNames.Kubelet);
        Assert.That((back.State, back.Healthy), Is.EqualTo((ComponentState.Running, true)), $"{node.Name}: {back}");
        var renewed = await Eventually.UntilAsync("worker-1's Lease renewed again", TimeSpan.FromSeconds(20), async () =>
            (await RenewTimeAsync("worker-1") > frozen, "not yet"), 250);
        TestLab.Report(engine, active, $"kubelet pid {pidBefore} gone, Lease frozen ≥ 2.5 s; new pid {back.Pid}, Lease renewed {renewed.TotalSeconds:0.0} s after the verified heal");
    }

    [Test, Order(3)]
    public async Task Pausing_kube_proxy_stops_its_process_until_heal()
    {
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(FaultCatalog.Create("component-pause", new Dictionary<string, string>
        {
            ["target"] = "worker-2",
            ["component"] = ComponentNames.KubeProxy,
        }));
        var paused = await StatusAsync("worker-2", ComponentNames.KubeProxy);
        Assert.That(paused.State, Is.EqualTo(ComponentState.Paused));
        // Seen by the kernel, not the supervisor: the process is in state T (stopped by a signal).
        var stat = await ProcessStateAsync("worker-2", paused.Pid!.Value);
        Assert.That(stat, Does.StartWith("T"), $"ps stat of kube-proxy pid {paused.Pid}");

        await engine.HealAsync(active);
        var resumed = await StatusAsync("worker-2", ComponentNames.KubeProxy);
        Assert.That((resumed.State, resumed.Healthy, resumed.Pid), Is.EqualTo((ComponentState.Running, true, paused.Pid)), "resumed, not restarted");
        var statAfter = await ProcessStateAsync("worker-2", paused.Pid!.Value);
        Assert.That(statAfter, Does.Not.StartWith("T").And.Not.Empty, $"ps stat after heal");
        TestLab.Report(engine, active, $"kube-proxy pid {paused.Pid} stat {stat} → {statAfter}");
    }

    [Test, Order(4)]
    public async Task Stopping_an_api_server_waits_for_it_to_drain_and_heal_starts_it_again()
    {
        // Its stop takes longer than a status read (it drains requests and watches, up to the supervisor's 5 s grace).
        await using var engine = TestLab.NewEngine();
        var active = await engine.InjectAsync(new ComponentFault(ComponentAction.Stop, TargetSelector.Parse("cp-2"), ComponentNames.ApiServer));
        var stopped = await StatusAsync("cp-2", ComponentNames.ApiServer);
        Assert.That((stopped.State, stopped.Pid), Is.EqualTo((ComponentState.Stopped, (int?)null)));

        await engine.HealAsync(active);
        var back = await StatusAsync("cp-2", ComponentNames.ApiServer);
        Assert.That((back.State, back.Healthy), Is.EqualTo((ComponentState.Running, true)), back.ToString());
        TestLab.Report(engine, active, $"kube-apiserver on cp-2 stopped, then running again as pid {back.Pid}");
    }

    private static async Task<ComponentStatus> StatusAsync(string node, string component) =>
        (await TestLab.Env.Supervisor!.ComponentsAsync(TestLab.State.Find(node)!)).Single(c => c.Name == component);

    /// <summary>The process's state letters as ps shows them inside the node ("S", "Sl", "T"...), empty when it is gone.</summary>
    private static async Task<string> ProcessStateAsync(string node, int pid) =>
        (await TestLab.Engine.ExecAsync(TestLab.Container(node), ["ps", "-o", "stat=", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])).Stdout.Trim();

    private static async Task<DateTime?> RenewTimeAsync(string node) =>
        (await TestLab.Api.CoordinationV1.ReadNamespacedLeaseAsync(node, "kube-node-lease")).Spec.RenewTime;
}
