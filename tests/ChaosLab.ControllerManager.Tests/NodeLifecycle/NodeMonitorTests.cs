using ChaosLab.ControllerManager.NodeLifecycle;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.NodeLifecycle.NodeObjects;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.NodeLifecycle;

[Category("Unit")]
public class NodeMonitorTests
{
    [Test]
    public void A_silent_node_goes_unknown_its_pods_not_ready_and_gets_the_unreachable_taint()
    {
        var monitor = new NodeMonitor(Options());
        var nodes = new List<V1Node> { Node("n1"), Node("n2") };
        monitor.Monitor(nodes, _ => null, Now);

        // n2 keeps renewing its lease; n1 is silent.
        var result = monitor.Monitor(nodes, n => n == "n2" ? Lease("n2", Now.AddSeconds(60)) : null, Now.AddSeconds(60));

        Assert.That(result.StatusUpdates.Select(n => n.Metadata.Name), Is.EqualTo(new[] { "n1" }));
        Assert.That(result.NodesWithPodsToMarkNotReady, Is.EqualTo(new[] { "n1" }));
        var due = monitor.TakeDueTaints(n => result.StatusUpdates.Single(), Now.AddSeconds(60));
        Assert.That(due, Has.Count.EqualTo(1));
        Assert.That((due[0].Node, due[0].Add), Is.EqualTo(("n1", NodeTaints.UnreachableKey)));
        Assert.That(due[0].Remove, Is.EqualTo(new[] { NodeTaints.NotReadyKey }));
    }

    [Test]
    public void Not_ready_gets_the_not_ready_taint_and_swaps_at_once_when_it_turns_unknown()
    {
        var monitor = new NodeMonitor(Options());
        var healthy = Node("n2");
        var notReady = Node("n1", ready: "False");
        monitor.Monitor([notReady, healthy], _ => null, Now);
        var due = monitor.TakeDueTaints(_ => notReady, Now);
        Assert.That(due.Single().Add, Is.EqualTo(NodeTaints.NotReadyKey));

        var unknown = Node("n1", ready: "Unknown", taints: NodeTaints.NotReadyKey);
        var result = monitor.Monitor([unknown, healthy], _ => null, Now.AddSeconds(5));

        var swap = result.TaintChanges.Single();
        Assert.That((swap.Node, swap.Add), Is.EqualTo(("n1", NodeTaints.UnreachableKey)));
        Assert.That(swap.Remove, Is.EqualTo(new[] { NodeTaints.NotReadyKey }));
    }

    [Test]
    public void A_ready_node_loses_its_taints()
    {
        var monitor = new NodeMonitor(Options());

        var result = monitor.Monitor([Node("n1", taints: NodeTaints.UnreachableKey), Node("n2")], _ => null, Now);

        Assert.That(result.TaintChanges.Single(), Is.EqualTo(TaintChange.RemoveAll("n1")).Using<TaintChange>((a, b) => a.Node == b.Node && a.Add == b.Add && a.Remove.SequenceEqual(b.Remove)));
    }

    [Test]
    public void Tainting_is_rate_limited_per_zone()
    {
        var monitor = new NodeMonitor(Options(rate: 0.1));
        var nodes = new List<V1Node> { Node("a", "False"), Node("b", "False"), Node("c"), Node("d"), Node("e") };
        monitor.Monitor(nodes, _ => null, Now);

        Assert.That(monitor.TakeDueTaints(n => nodes.Single(x => x.Metadata.Name == n), Now), Has.Count.EqualTo(1));
        Assert.That(monitor.TakeDueTaints(n => nodes.Single(x => x.Metadata.Name == n), Now.AddSeconds(5)), Is.Empty);
        Assert.That(monitor.TakeDueTaints(n => nodes.Single(x => x.Metadata.Name == n), Now.AddSeconds(10)), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_queued_node_that_recovered_is_not_tainted()
    {
        var monitor = new NodeMonitor(Options());
        monitor.Monitor([Node("a", "False"), Node("b")], _ => null, Now);

        Assert.That(monitor.TakeDueTaints(_ => Node("a"), Now), Is.Empty);
    }

    [Test]
    public void Full_disruption_lifts_all_taints_and_stops_tainting_until_a_node_is_ready_again()
    {
        var monitor = new NodeMonitor(Options());
        monitor.Monitor([Node("a"), Node("b")], _ => null, Now);

        var allDown = monitor.Monitor([Node("a", "Unknown", taints: NodeTaints.UnreachableKey), Node("b", "Unknown")], _ => null, Now.AddSeconds(5));

        Assert.That(allDown.EnteredFullDisruption, Is.True);
        Assert.That(allDown.TaintChanges.Select(c => (c.Node, c.Add)), Is.EquivalentTo(new[] { ("a", (string?)null), ("b", null) }));
        Assert.That(monitor.ZoneStateOf(""), Is.EqualTo(ZoneState.FullDisruption));
        var stillDown = monitor.Monitor([Node("a", "Unknown"), Node("b", "Unknown")], _ => null, Now.AddSeconds(10));
        Assert.That(stillDown.EnteredFullDisruption, Is.False);
        Assert.That(monitor.TakeDueTaints(n => Node(n, "Unknown"), Now.AddMinutes(10)), Is.Empty, "no tainting, hence no eviction, while everything is down");

        var back = monitor.Monitor([Node("a", heartbeat: Now.AddMinutes(11)), Node("b", "Unknown")], _ => null, Now.AddMinutes(11));
        Assert.That(back.ExitedFullDisruption, Is.True);
        Assert.That(monitor.ZoneStateOf(""), Is.EqualTo(ZoneState.Normal));
        Assert.That(monitor.TakeDueTaints(n => Node(n, "Unknown"), Now.AddMinutes(11).AddSeconds(10)).Select(c => c.Node), Is.EqualTo(new[] { "b" }),
            "the node still down is tainted once the zone is healthy again");
    }

    [Test]
    public void Partial_disruption_of_a_small_zone_stops_tainting()
    {
        var monitor = new NodeMonitor(Options());
        var nodes = new List<V1Node> { Node("a", "False"), Node("b", "False"), Node("c", "False"), Node("d") };

        monitor.Monitor(nodes, _ => null, Now);

        Assert.That(monitor.ZoneStateOf(""), Is.EqualTo(ZoneState.PartialDisruption));
        Assert.That(monitor.TakeDueTaints(n => nodes.Single(x => x.Metadata.Name == n), Now.AddMinutes(5)), Is.Empty);
    }

    [Test]
    public void Zones_are_judged_separately()
    {
        var monitor = new NodeMonitor(Options());
        V1Node InZone(V1Node node, string zone)
        {
            node.Metadata.Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = zone };
            return node;
        }
        var nodes = new List<V1Node> { InZone(Node("a", "Unknown"), "z1"), InZone(Node("b"), "z2") };

        var result = monitor.Monitor(nodes, _ => null, Now);

        Assert.That(result.EnteredFullDisruption, Is.False, "one zone down is a zone outage, not a control-plane partition");
        Assert.That(monitor.TakeDueTaints(n => nodes.Single(x => x.Metadata.Name == n), Now).Single().Node, Is.EqualTo("a"));
    }
}
