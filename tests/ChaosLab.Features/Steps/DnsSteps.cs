using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Targets;
using ChaosLab.Harness.Drivers;
using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Features.Steps;

/// <summary>Cluster DNS: names resolved by a scenario pod's resolver, and faults on the nodes running the DNS pods.</summary>
[Binding]
public sealed class DnsSteps(ScenarioSession session)
{
    private readonly DnsDriver _dns = new(session.Cluster, session.Workloads);

    [Then("the name {string} resolves from the {string} pods within {int} seconds")]
    [StepExample("Then the name \"web\" resolves from the \"web\" pods within 30 seconds")]
    public async Task ThenTheNameResolves(string name, string app, int seconds) =>
        await Eventually.UntilAsync($"{name} to resolve from a pod of {app}", TimeSpan.FromSeconds(seconds), () => ResolveAsync(name, app));

    [Then("the name {string} resolves from the {string} pods within the {word} bound")]
    [StepExample("Then the name \"web\" resolves from the \"web\" pods within the eviction bound")]
    public async Task ThenTheNameResolvesWithinBound(string name, string app, string bound) =>
        await session.WithinBoundAsync($"{name} resolving again from a pod of {app}", "recover", session.Bounds.Named(bound), () => ResolveAsync(name, app));

    [Then("the name {string} does not resolve from the {string} pods")]
    [StepExample("Then the name \"no-such-service\" does not resolve from the \"web\" pods")]
    public async Task ThenTheNameDoesNotResolve(string name, string app)
    {
        var (address, detail) = await _dns.ResolveAsync(name, app, AvoidNode());
        Expect.That(address is null && detail.Contains("exited 2", StringComparison.Ordinal), $"expected {name} not to be found (getent exit 2): {detail}");
    }

    [When("I {word} the worker running the most cluster DNS pods")]
    [StepExample("When I kill the worker running the most cluster DNS pods")]
    public async Task WhenINodeFaultOnBusiestDnsWorker(string action)
    {
        var nodes = await _dns.NodesByDnsPodCountAsync();
        Expect.That(nodes.Count > 0, $"no node runs pods labelled {DnsDriver.DnsPodSelector} in {DnsDriver.DnsNamespace}");
        session.Notes[FaultSteps.TargetNodeNote] = nodes[0].Node;
        try
        {
            await session.InjectAsync(new NodeFault(FaultSteps.NodeActionOf(action), TargetSelector.Parse(nodes[0].Node)), null);
        }
        catch (ScenarioNotApplicableException ex)
        {
            Assert.Ignore(ex.Message);
        }
    }

    [Then("the cluster DNS has {int} ready pods within the {word} bound")]
    [StepExample("Then the cluster DNS has 2 ready pods within the eviction bound")]
    public async Task ThenTheClusterDnsHasReadyPods(int count, string bound) =>
        await session.WithinBoundAsync($"{count} cluster DNS pods ready", "recover", session.Bounds.Named(bound), async () =>
        {
            var (ready, detail) = await _dns.ReadyDnsPodsAsync();
            return (ready >= count, detail);
        });

    private async Task<(bool Ok, string Detail)> ResolveAsync(string name, string app)
    {
        var (address, detail) = await _dns.ResolveAsync(name, app, AvoidNode());
        return (address is not null, detail);
    }

    private string? AvoidNode() => session.Notes.TryGetValue(FaultSteps.TargetNodeNote, out var node) ? node as string : null;
}
