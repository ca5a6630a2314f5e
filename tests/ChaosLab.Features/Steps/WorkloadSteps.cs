using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Features.Steps;

[Binding]
public sealed class WorkloadSteps(ScenarioSession session)
{
    private static readonly TimeSpan SetUpDeadline = TimeSpan.FromSeconds(60);

    [Given("a deployment {string} of {int} {string} pods is available")]
    [StepExample("Given a deployment \"web\" of 4 \"chaoslab/echo\" pods is available")]
    public async Task GivenADeploymentIsAvailable(string name, int replicas, string image)
    {
        await session.Workloads.CreateDeploymentAsync(name, replicas, image);
        await WaitAvailableAsync(name, replicas, SetUpDeadline);
    }

    [Given("a deployment {string} of {int} {string} pods behind the service {string}")]
    [StepExample("Given a deployment \"web\" of 4 \"chaoslab/echo\" pods behind the service \"web\"")]
    public async Task GivenADeploymentBehindAService(string name, int replicas, string image, string service)
    {
        Expect.That(service == name, $"the service selects pods by app={service}: name the deployment \"{service}\" too");
        await session.Workloads.CreateServiceAsync(service);
        await GivenADeploymentIsAvailable(name, replicas, image);
        await Eventually.UntilAsync($"{replicas} ready endpoints behind {service}", SetUpDeadline, async () =>
        {
            var (ready, _) = await session.Workloads.EndpointsAsync(service);
            return (ready.Count == replicas, $"{ready.Count} ready endpoints");
        });
    }

    [Given("a pod {string} of {string} behind the service {string}")]
    [StepExample("Given a pod \"extra\" of \"chaoslab/echo\" behind the service \"web\"")]
    public async Task GivenAPodBehindTheService(string pod, string image, string service)
    {
        await session.Workloads.CreatePodAsync(pod, service, image);
        await Eventually.UntilAsync($"pod {pod} ready", SetUpDeadline, async () =>
        {
            var ready = await session.Workloads.ReadyPodsAsync(service);
            return (ready.Any(p => p.Metadata.Name == pod), $"ready: {string.Join(", ", ready.Select(p => p.Metadata.Name))}");
        });
    }

    [When("I scale the deployment {string} to {int} pods")]
    [StepExample("When I scale the deployment \"web\" to 6 pods")]
    public async Task WhenIScale(string name, int replicas) => await session.Workloads.ScaleAsync(name, replicas);

    [Then("the deployment {string} has {int} available pods within {int} seconds")]
    [StepExample("Then the deployment \"web\" has 6 available pods within 20 seconds")]
    public async Task ThenTheDeploymentHasAvailablePods(string name, int replicas, int seconds) =>
        await WaitAvailableAsync(name, replicas, TimeSpan.FromSeconds(seconds));

    [Then("the deployment {string} has {int} available pods on the other workers within the eviction bound")]
    [StepExample("Then the deployment \"web\" has 4 available pods on the other workers within the eviction bound")]
    public async Task ThenPodsReplacedElsewhere(string name, int replicas)
    {
        var lost = (string)session.Notes[FaultSteps.TargetNodeNote];
        await session.WithinBoundAsync($"{replicas} ready pods of {name} off {lost}", "recover", session.Bounds.Eviction, async () =>
        {
            var pods = await session.Workloads.ReadyPodsAsync(name);
            var elsewhere = pods.Count(p => p.Spec.NodeName != lost);
            return (elsewhere >= replicas, $"{elsewhere} ready elsewhere ({string.Join(", ", pods.Select(p => $"{p.Metadata.Name}@{p.Spec.NodeName}"))})");
        });
    }

    [Then("the pods of {string} run on at least {int} nodes")]
    [StepExample("Then the pods of \"web\" run on at least 2 nodes")]
    public async Task ThenThePodsAreSpread(string name, int nodes)
    {
        var spread = (await session.Workloads.ReadyPodsAsync(name)).GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        Expect.That(spread.Count >= nodes, $"expected the pods of {name} on at least {nodes} nodes; they run on {string.Join(", ", spread.Select(s => $"{s.Key} ({s.Value})"))}");
    }

    [Then("no node runs more than {int} pods of {string}")]
    [StepExample("Then no node runs more than 2 pods of \"web\"")]
    public async Task ThenNoNodeRunsMore(int most, string name)
    {
        var spread = (await session.Workloads.ReadyPodsAsync(name)).GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        Expect.That(spread.Values.All(c => c <= most), $"expected at most {most} pods of {name} per node; spread: {string.Join(", ", spread.Select(s => $"{s.Key} ({s.Value})"))}");
    }

    [Then("the pods of {string} keep running with the same identity for {int} seconds")]
    [StepExample("Then the pods of \"web\" keep running with the same identity for 10 seconds")]
    public async Task ThenPodsKeepRunning(string name, int seconds)
    {
        var before = (await session.Workloads.ReadyPodsAsync(name)).Select(p => p.Metadata.Uid).ToHashSet();
        await Eventually.HoldsAsync($"the same {before.Count} pods of {name} running", TimeSpan.FromSeconds(seconds), async () =>
        {
            var now = (await session.Workloads.ReadyPodsAsync(name)).Select(p => p.Metadata.Uid).ToHashSet();
            return (now.SetEquals(before), $"{now.Count} ready, {now.Except(before).Count()} new");
        });
    }

    private async Task WaitAvailableAsync(string name, int replicas, TimeSpan deadline) =>
        await Eventually.UntilAsync($"{replicas} available pods of deployment {name}", deadline, async () =>
        {
            var pods = await session.Workloads.ReadyPodsAsync(name);
            return (pods.Count == replicas, $"{pods.Count} ready: {string.Join(", ", pods.Select(p => $"{p.Metadata.Name}@{p.Spec.NodeName}"))}");
        });
}
