using k8s;
using ChaosLab.Chaos;
using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Features.Steps;

/// <summary>Faults by meaning. Each waits until the fault is proven in effect; all are healed at the end of the scenario.</summary>
[Binding]
public sealed class FaultSteps(ScenarioSession session)
{
    public const string TargetNodeNote = "fault.node";
    public const string TargetPodsNote = "fault.pods";

    [When("I {word} the node {string}")]
    [StepExample("When I kill the node \"worker-1\"")]
    public async Task WhenINodeFault(string action, string node) => await NodeFaultAsync(action, node, null);

    [When("I {word} the node {string} for {int} seconds")]
    [StepExample("When I pause the node \"worker-2\" for 10 seconds")]
    public async Task WhenINodeFaultFor(string action, string node, int seconds) => await NodeFaultAsync(action, node, TimeSpan.FromSeconds(seconds));

    [When("I {word} a {word} node")]
    [StepExample("When I kill a control-plane node")]
    public async Task WhenINodeFaultOnANodeOfRole(string action, string role) => await NodeFaultAsync(action, await AnyNodeOfRoleAsync(role), null);

    [When("I {word} the worker running the most {string} pods")]
    [StepExample("When I kill the worker running the most \"web\" pods")]
    public async Task WhenINodeFaultOnBusiestWorker(string action, string app) => await NodeFaultAsync(action, await BusiestWorkerAsync(app), null);

    [When("I {word} the worker running the most {string} pods for {int} seconds")]
    [StepExample("When I pause the worker running the most \"web\" pods for 8 seconds")]
    public async Task WhenINodeFaultOnBusiestWorkerFor(string action, string app, int seconds) =>
        await NodeFaultAsync(action, await BusiestWorkerAsync(app), TimeSpan.FromSeconds(seconds));

    [When("I {word} the node holding the {string} lease")]
    [StepExample("When I kill the node holding the \"kube-scheduler\" lease")]
    public async Task WhenINodeFaultOnLeaseHolder(string action, string lease) =>
        await InjectAsync(new NodeFault(NodeActionOf(action), TargetSelector.Parse($"lease:{lease}")), null);

    [When("I isolate the worker running the most {string} pods from the control plane")]
    [StepExample("When I isolate the worker running the most \"web\" pods from the control plane")]
    public async Task WhenIIsolateBusiestWorkerFromControlPlane(string app) =>
        await InjectAsync(FaultCatalog.Create("isolate-from-control-plane", new Dictionary<string, string> { ["target"] = await BusiestWorkerAsync(app) }), null);

    [When("I isolate the node {string}")]
    [StepExample("When I isolate the node \"worker-1\"")]
    public async Task WhenIIsolate(string node) =>
        await InjectAsync(new PartitionFault(TargetSelector.Parse(node), null, name: "isolate"), null);

    [When("I isolate the node {string} from the control plane")]
    [StepExample("When I isolate the node \"worker-1\" from the control plane")]
    public async Task WhenIIsolateFromControlPlane(string node) =>
        await InjectAsync(FaultCatalog.Create("isolate-from-control-plane", new Dictionary<string, string> { ["target"] = node }), null);

    [When("I partition a control-plane node from the other control-plane nodes")]
    [StepExample("When I partition a control-plane node from the other control-plane nodes")]
    public async Task WhenIPartitionAControlPlaneNode()
    {
        var node = await AnyNodeOfRoleAsync("control-plane");
        var others = session.ChaosEnvironment.Nodes.Where(n => n.Role == "control-plane" && n.Name != node).Select(n => n.Name).ToList();
        Expect.That(others.Count > 0, $"{session.Cluster.Describe()} has one control-plane node ({node}); nothing to partition it from");
        session.Notes[TargetNodeNote] = node;
        await InjectAsync(new PartitionFault(TargetSelector.Parse(node), TargetSelector.Parse(string.Join(',', others))), null);
    }

    [When("I partition {string} from {string}")]
    [StepExample("When I partition \"cp-1\" from \"cp-2,cp-3\"")]
    public async Task WhenIPartition(string sideA, string sideB) =>
        await InjectAsync(new PartitionFault(TargetSelector.Parse(sideA), TargetSelector.Parse(sideB)), null);

    [When("I partition {string} from {string} for {int} seconds")]
    [StepExample("When I partition \"worker-1\" from \"role:control-plane\" for 10 seconds")]
    public async Task WhenIPartitionFor(string sideA, string sideB, int seconds) =>
        await InjectAsync(new PartitionFault(TargetSelector.Parse(sideA), TargetSelector.Parse(sideB)), TimeSpan.FromSeconds(seconds));

    [When("I {word} the {string} component on the node {string}")]
    [StepExample("When I kill the \"kubelet\" component on the node \"worker-1\"")]
    public async Task WhenIComponentFault(string action, string component, string node) =>
        await InjectAsync(new ComponentFault(ComponentActionOf(action), TargetSelector.Parse(node), component), null);

    [When("I {word} the {string} leader")]
    [StepExample("When I kill the \"kube-scheduler\" leader")]
    public async Task WhenIComponentFaultOnLeader(string action, string component) =>
        await InjectAsync(new ComponentFault(ComponentActionOf(action), TargetSelector.Parse($"lease:{component}"), component), null);

    [When("I {word} the kubelet on the worker running the most {string} pods")]
    [StepExample("When I kill the kubelet on the worker running the most \"web\" pods")]
    public async Task WhenIKubeletFaultOnBusiestWorker(string action, string app) =>
        await InjectAsync(new ComponentFault(ComponentActionOf(action), TargetSelector.Parse(await BusiestWorkerAsync(app)), "kubelet"), null);

    [When("I kill the etcd leader")]
    [StepExample("When I kill the etcd leader")]
    public async Task WhenIKillTheEtcdLeader() => await CatalogAsync("etcd-kill-leader", null);

    [When("I pause the etcd leader for {int} seconds")]
    [StepExample("When I pause the etcd leader for 5 seconds")]
    public async Task WhenIPauseTheEtcdLeader(int seconds) => await CatalogAsync("etcd-pause-leader", TimeSpan.FromSeconds(seconds));

    [When("I kill an etcd follower")]
    [StepExample("When I kill an etcd follower")]
    public async Task WhenIKillAnEtcdFollower() => await CatalogAsync("etcd-kill-follower", null);

    [When("I stop a majority of the etcd members")]
    [StepExample("When I stop a majority of the etcd members")]
    public async Task WhenIStopAMajority() => await CatalogAsync("etcd-quorum-loss", null);

    [When("I partition the etcd leader from its peers")]
    [StepExample("When I partition the etcd leader from its peers")]
    public async Task WhenIPartitionTheEtcdLeader() => await CatalogAsync("etcd-partition-leader", null);

    [When("I drop {int} percent of the packets arriving at {string}")]
    [StepExample("When I drop 30 percent of the packets arriving at \"worker-1\"")]
    public async Task WhenIDropPackets(int percent, string target) =>
        await InjectAsync(new PacketLossFault(TargetSelector.Parse(target), percent), null);

    [When("I drop {int} percent of the packets arriving at the worker running the most {string} pods")]
    [StepExample("When I drop 20 percent of the packets arriving at the worker running the most \"web\" pods")]
    public async Task WhenIDropPacketsAtBusiestWorker(int percent, string app) => await WhenIDropPackets(percent, await BusiestWorkerAsync(app));

    [When("I add {int} ms of latency to what the worker running the most {string} pods sends")]
    [StepExample("When I add 100 ms of latency to what the worker running the most \"web\" pods sends")]
    public async Task WhenIAddLatencyOnBusiestWorker(int ms, string app) => await WhenIAddLatency(ms, await BusiestWorkerAsync(app));

    [When("I add {int} ms of latency to what {string} sends")]
    [StepExample("When I add 100 ms of latency to what \"worker-1\" sends")]
    public async Task WhenIAddLatency(int ms, string target) =>
        await InjectAsync(new LatencyFault(TargetSelector.Parse(target), TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(ms / 10)), null);

    [When("I limit what {string} sends to {string}")]
    [StepExample("When I limit what \"worker-1\" sends to \"1mbit\"")]
    public async Task WhenILimitBandwidth(string target, string rate) =>
        await InjectAsync(new BandwidthFault(TargetSelector.Parse(target), rate), null);

    [When("I inject {string} with {string}")]
    [StepExample("When I inject \"latency\" with \"--target worker-1 --delay 100ms --jitter 10ms\"")]
    public async Task WhenIInject(string fault, string options) => await CatalogAsync(fault, null, options);

    [When("I inject {string} with {string} for {int} seconds")]
    [StepExample("When I inject \"loss\" with \"--target role:worker --percent 20\" for 15 seconds")]
    public async Task WhenIInjectFor(string fault, string options, int seconds) => await CatalogAsync(fault, TimeSpan.FromSeconds(seconds), options);

    [When("I heal every fault")]
    [StepExample("When I heal every fault")]
    public async Task WhenIHealEveryFault()
    {
        var errors = await session.Chaos.HealAllAsync();
        Expect.That(errors.Count == 0, $"healing failed: {string.Join("; ", errors)}");
    }

    [When("I restart the stopped etcd members")]
    [StepExample("When I restart the stopped etcd members")]
    public async Task WhenIRestartTheStoppedEtcdMembers() => await WhenIHealEveryFault();

    private async Task NodeFaultAsync(string action, string node, TimeSpan? duration)
    {
        session.Notes[TargetNodeNote] = node;
        session.Notes[TargetPodsNote] = (await session.Cluster.Api.CoreV1.ListNamespacedPodAsync(session.Namespace, fieldSelector: $"spec.nodeName={node}"))
            .Items.Select(p => p.Metadata.Name).ToList();
        if (action == "isolate")
        {
            await InjectAsync(new PartitionFault(TargetSelector.Parse(node), null, name: "isolate"), duration);
            return;
        }
        await InjectAsync(new NodeFault(NodeActionOf(action), TargetSelector.Parse(node)), duration);
    }

    /// <summary>One node of a role, by the target's own naming: scenarios never assume ChaosLab's node names.</summary>
    private async Task<string> AnyNodeOfRoleAsync(string role)
    {
        try
        {
            return (await TargetSelector.Parse($"random:{role}").ResolveAsync(session.ChaosEnvironment))[0].Name;
        }
        catch (FaultOptionsException ex)
        {
            Assert.Ignore($"{session.Cluster.Describe()} has no {role} node the chaos port reaches: {ex.Message}");
            throw;
        }
    }

    private async Task<string> BusiestWorkerAsync(string app)
    {
        var nodes = await session.Workloads.NodesByPodCountAsync(app);
        Expect.That(nodes.Count > 0 && nodes[0].Pods > 0, $"no node runs pods of {app}");
        session.Notes[TargetNodeNote] = nodes[0].Node;
        session.Notes[TargetPodsNote] = (await session.Workloads.ReadyPodsAsync(app)).Where(p => p.Spec.NodeName == nodes[0].Node).Select(p => p.Metadata.Name).ToList();
        return nodes[0].Node;
    }

    public const string EtcdTermNote = "etcd.term";

    private async Task CatalogAsync(string fault, TimeSpan? duration, string options = "")
    {
        if (fault.StartsWith("etcd-", StringComparison.Ordinal) && session.Cluster.Lab is { } lab && session.ChaosEnvironment.Etcd is { } etcd)
        {
            // A new election shows as a higher Raft term (the old leader may well win it again).
            session.Notes[EtcdTermNote] = (await etcd.StatusAsync(lab.EtcdMembers())).Max(s => s.RaftTerm);
        }
        await InjectAsync(FaultCatalog.Create(fault, ParseOptions(options)), duration);
    }

    private async Task InjectAsync(IFault fault, TimeSpan? duration)
    {
        try
        {
            await session.InjectAsync(fault, duration);
        }
        catch (ScenarioNotApplicableException ex)
        {
            Assert.Ignore(ex.Message);
        }
    }

    /// <summary>"--target worker-1 --one-way --delay 100ms" → options; a flag without a value is true.</summary>
    internal static Dictionary<string, string> ParseOptions(string text)
    {
        var options = new Dictionary<string, string>();
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            Expect.That(tokens[i].StartsWith("--", StringComparison.Ordinal), $"fault options are --name value pairs; '{tokens[i]}' is not one");
            var hasValue = i + 1 < tokens.Length && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[tokens[i][2..]] = hasValue ? tokens[++i] : "true";
        }
        return options;
    }

    internal static NodeAction NodeActionOf(string action) => action switch
    {
        "kill" => NodeAction.Kill,
        "stop" => NodeAction.Stop,
        "pause" => NodeAction.Pause,
        "restart" => NodeAction.Restart,
        "reboot" => NodeAction.Reboot,
        _ => throw new ExpectationException($"unknown node fault '{action}'; use kill, stop, pause, restart, reboot or isolate"),
    };

    private static ComponentAction ComponentActionOf(string action) => action switch
    {
        "kill" => ComponentAction.Kill,
        "stop" => ComponentAction.Stop,
        "pause" => ComponentAction.Pause,
        _ => throw new ExpectationException($"unknown component fault '{action}'; use kill, stop or pause"),
    };
}
