using ChaosLab.ControllerManager.NodeLifecycle;
using static ChaosLab.ControllerManager.Tests.NodeLifecycle.NodeObjects;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.Mutants;

[Category("Unit")]
public sealed class ControllerManagerMutantsTests
{
    [Test]
    public void The_flag_selects_a_mutant_and_refuses_unknown_ones()
    {
        Assert.That(ControllerManagerOptions.Parse([]).Mutant, Is.Null);
        Assert.That(ControllerManagerOptions.Parse(["--mutant", "endpoints-lag"]).Mutant, Is.EqualTo(ControllerManagerMutants.EndpointsLag));
        var error = Assert.Throws<ArgumentException>(() => ControllerManagerOptions.Parse(["--mutant=proxy-keeps-unready"]));
        Assert.That(error!.Message, Does.Contain("kube-controller-manager's mutants: node-monitor-blind, endpoints-lag"));
    }

    [Test]
    public void A_blind_node_monitor_leaves_a_silent_node_as_it_was()
    {
        var monitor = new NodeMonitor(Options() with { Mutant = ControllerManagerMutants.NodeMonitorBlind });
        var nodes = new List<k8s.Models.V1Node> { Node("n1"), Node("n2") };
        monitor.Monitor(nodes, _ => null, Now);

        var result = monitor.Monitor(nodes, n => n == "n2" ? Lease("n2", Now.AddSeconds(60)) : null, Now.AddSeconds(60));

        Assert.That(result.StatusUpdates, Is.Empty);
        Assert.That(result.NodesWithPodsToMarkNotReady, Is.Empty);
        Assert.That(result.TaintChanges, Is.Empty);
    }

    [Test]
    public void Without_the_lag_mutant_the_sync_is_the_same_delegate()
    {
        Func<string, CancellationToken, Task> sync = (_, _) => Task.CompletedTask;

        Assert.That(ControllerManagerMutants.Lagging(new ControllerManagerOptions(), sync), Is.SameAs(sync));
    }

    [Test]
    public async Task The_lag_mutant_waits_before_syncing_and_stops_waiting_when_cancelled()
    {
        var synced = false;
        var lagging = ControllerManagerMutants.Lagging(new ControllerManagerOptions { Mutant = ControllerManagerMutants.EndpointsLag }, (_, _) =>
        {
            synced = true;
            return Task.CompletedTask;
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAsync<TaskCanceledException>(() => lagging("default/web", cancel.Token));
        await Task.Delay(50);
        Assert.That(synced, Is.False);
        Assert.That(ControllerManagerMutants.EndpointsLagDelay, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }
}
