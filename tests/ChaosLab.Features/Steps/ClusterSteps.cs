using k8s;
using ChaosLab.Harness.Clusters;
using ChaosLab.Harness.Reporting;
using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Features.Steps;

[Binding]
public sealed class ClusterSteps(ScenarioSession session)
{
    [Given("a running {string} cluster")]
    [StepExample("Given a running \"ha\" cluster")]
    public async Task GivenARunningCluster(string topology)
    {
        if (session.Cluster.Owned && session.Cluster.Topology != topology)
        {
            throw new ExpectationException($"the scenario asks for a \"{topology}\" cluster but runs on \"{session.Cluster.Topology}\": tag the feature or scenario @topology:{topology}");
        }
        if (!session.Cluster.Owned && session.Cluster.Lab is { } lab && TopologyShape.Missing(topology, lab) is { } missing)
        {
            throw new ScenarioNotApplicableException($"the scenario asks for a \"{topology}\" cluster; {session.Cluster.Describe()} lacks {missing}");
        }
        await ThenTheClusterIsHealthyWithin(60);
    }

    [Then("the cluster is healthy within {int} seconds")]
    [StepExample("Then the cluster is healthy within 60 seconds")]
    public async Task ThenTheClusterIsHealthyWithin(int seconds) =>
        await Eventually.UntilAsync("every node Ready and every component healthy", TimeSpan.FromSeconds(seconds), async () =>
        {
            var problem = await ClusterHealth.ProblemAsync(session.Cluster);
            return (problem is null, problem ?? "healthy");
        });

    [Then("all nodes are Ready within {int} seconds")]
    [StepExample("Then all nodes are Ready within 30 seconds")]
    public async Task ThenAllNodesAreReady(int seconds) =>
        await Eventually.UntilAsync("every node Ready", TimeSpan.FromSeconds(seconds), async () =>
        {
            var nodes = (await session.Cluster.Api.CoreV1.ListNodeAsync()).Items;
            var notReady = nodes.Where(n => n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != "True").Select(n => n.Metadata.Name).ToList();
            return (nodes.Count > 0 && notReady.Count == 0, notReady.Count == 0 ? $"{nodes.Count} nodes Ready" : $"not Ready: {string.Join(", ", notReady)}");
        });

    [Then("every node renews its Lease within {int} seconds")]
    [StepExample("Then every node renews its Lease within 10 seconds")]
    public async Task ThenEveryNodeRenewsItsLease(int seconds)
    {
        // A Ready status alone is not a heartbeat: upstream's node monitor and other clients read the Lease in kube-node-lease.
        var nodes = (await session.Cluster.Api.CoreV1.ListNodeAsync()).Items.Select(n => n.Metadata.Name).ToList();
        Expect.That(nodes.Count > 0, "the cluster has no nodes");
        var first = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            first[node] = await LeaseRenewTimeAsync(node);
        }
        await Eventually.UntilAsync("every node's Lease in kube-node-lease renewed", TimeSpan.FromSeconds(seconds), async () =>
        {
            var stale = new List<string>();
            foreach (var node in nodes)
            {
                var now = await LeaseRenewTimeAsync(node);
                if (now is null || now == first[node])
                {
                    stale.Add($"{node} (renewTime {(now is { } t ? t.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "none")})");
                }
            }
            return (stale.Count == 0, stale.Count == 0 ? $"{nodes.Count} leases renewed" : $"not renewed: {string.Join(", ", stale)}");
        });
    }

    private async Task<DateTime?> LeaseRenewTimeAsync(string node)
    {
        try
        {
            return (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(node, "kube-node-lease")).Spec?.RenewTime;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [Then("the node {string} is Ready within {int} seconds")]
    [StepExample("Then the node \"worker-1\" is Ready within 30 seconds")]
    public async Task ThenTheNodeIsReady(string node, int seconds) =>
        await Eventually.UntilAsync($"node {node} Ready", TimeSpan.FromSeconds(seconds), async () =>
        {
            var status = (await session.Cluster.Api.CoreV1.ReadNodeAsync(node)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;
            return (status == "True", $"Ready={status ?? "unknown"}");
        });

    [Then("the node {string} is not Ready within the node-failure bound")]
    [StepExample("Then the node \"worker-1\" is not Ready within the node-failure bound")]
    public async Task ThenTheNodeIsNotReady(string node) =>
        await session.WithinBoundAsync($"node {node} detected not Ready", "detect", session.Bounds.NodeFailure, async () =>
        {
            var status = (await session.Cluster.Api.CoreV1.ReadNodeAsync(node)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;
            return (status != "True", $"Ready={status ?? "unknown"}");
        });

    [Then("that node is not Ready within the node-failure bound")]
    [StepExample("Then that node is not Ready within the node-failure bound")]
    public async Task ThenThatNodeIsNotReady() => await ThenTheNodeIsNotReady((string)session.Notes[FaultSteps.TargetNodeNote]);

    [Then("after healing, the cluster is healthy again within the {word} bound")]
    [StepExample("Then after healing, the cluster is healthy again within the node-failure bound")]
    public async Task ThenAfterHealingTheClusterIsHealthy(string boundName)
    {
        var bound = session.Bounds.Named(boundName);
        var started = DateTimeOffset.UtcNow;
        var errors = await session.Chaos.HealAllAsync();
        Expect.That(errors.Count == 0, $"healing failed: {string.Join("; ", errors)}");
        string? problem = "not checked";
        var deadline = started + bound.Value + TimeSpan.FromSeconds(15);
        string? reported = null;
        while (DateTimeOffset.UtcNow < deadline && (problem = await ClusterHealth.ProblemAsync(session.Cluster)) is not null)
        {
            // What recovery waits on goes into the timeline, so a slow recovery can be explained.
            if (problem != reported)
            {
                session.Record.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "health", "waiting", problem));
                reported = problem;
            }
            await Task.Delay(Eventually.Interval);
        }
        var measured = problem is null ? DateTimeOffset.UtcNow - started : (TimeSpan?)null;
        var met = session.RecordBound("cluster healthy again after heal", "recover", bound, measured);
        Expect.That(met, problem is null
            ? $"the cluster was healthy {measured!.Value.TotalSeconds:0.0} s after the heal, over the {bound.Name} bound of {bound.Value.TotalSeconds:0.0} s ({bound.Source})"
            : $"the cluster was not healthy again after the heal: {problem}");
    }
}
