using ChaosLab.Harness.Drivers;
using ChaosLab.Harness.Scenarios;
using ChaosLab.Lab.ControlPlane;
using Reqnroll;

namespace ChaosLab.Features.Steps;

[Binding]
public sealed class NetworkSteps(ScenarioSession session)
{
    [Then("the service {string} answers from inside the cluster")]
    [StepExample("Then the service \"web\" answers from inside the cluster")]
    public async Task ThenTheServiceAnswers(string service) =>
        await ThenTheServiceAnswersFromNode(service, await session.Network.ProbeNodeAsync(service));

    [Then("the service {string} answers from node {string}")]
    [StepExample("Then the service \"web\" answers from node \"worker-2\"")]
    public async Task ThenTheServiceAnswersFromNode(string service, string node) =>
        await Eventually.UntilAsync($"{service} to answer from {node}", TimeSpan.FromSeconds(15), async () =>
        {
            var (pod, detail) = await session.Network.RequestAsync(service, node);
            return (pod is not null, detail);
        });

    [Then("{int} requests to the service {string} reach at least {int} distinct pods")]
    [StepExample("Then 60 requests to the service \"web\" reach at least 4 distinct pods")]
    public async Task ThenRequestsReachDistinctPods(int requests, string service, int distinct)
    {
        var node = await session.Network.ProbeNodeAsync(service);
        var answered = new List<string>();
        var failures = new List<string>();
        for (var i = 0; i < requests; i++)
        {
            var (pod, detail) = await session.Network.RequestAsync(service, node);
            if (pod is null)
            {
                failures.Add(detail);
            }
            else
            {
                answered.Add(pod);
            }
        }
        var pods = answered.Distinct().ToList();
        Expect.That(failures.Count == 0, $"{failures.Count} of {requests} requests to {service} from {node} failed; first: {failures.FirstOrDefault()}");
        Expect.That(pods.Count >= distinct, $"{requests} requests reached {pods.Count} distinct pods ({string.Join(", ", pods)}), expected at least {distinct}");
    }

    [When("the pod {string} turns unready")]
    [StepExample("When the pod \"extra\" turns unready")]
    public async Task WhenThePodTurnsUnready(string pod)
    {
        var target = await session.Workloads.PodAsync(pod);
        var node = target.Spec.NodeName;
        var result = await session.Cluster.ExecOnNodeAsync(node, PodCommands.InContainer(target.Metadata.Uid, WorkloadDriver.Container, ["touch", WorkloadDriver.UnreadyFile]));
        Expect.That(result.Succeeded, $"could not flip {pod} unready on {node}: {result.Stderr}");
    }

    [When("the pod {string} turns ready again")]
    [StepExample("When the pod \"extra\" turns ready again")]
    public async Task WhenThePodTurnsReady(string pod)
    {
        var target = await session.Workloads.PodAsync(pod);
        var result = await session.Cluster.ExecOnNodeAsync(target.Spec.NodeName,
            PodCommands.InContainer(target.Metadata.Uid, WorkloadDriver.Container, ["rm", "-f", WorkloadDriver.UnreadyFile]));
        Expect.That(result.Succeeded, $"could not flip {pod} ready on {target.Spec.NodeName}: {result.Stderr}");
    }

    [Then("the endpoints of {string} omit the pod {string} within {int} seconds")]
    [StepExample("Then the endpoints of \"web\" omit the pod \"extra\" within 5 seconds")]
    public async Task ThenEndpointsOmit(string service, string pod, int seconds) =>
        await Eventually.UntilAsync($"{pod} out of the ready endpoints of {service}", TimeSpan.FromSeconds(seconds), async () =>
        {
            var (ready, notReady) = await session.Workloads.EndpointsAsync(service);
            return (!ready.Contains(pod), $"ready: {string.Join(", ", ready)}; not ready: {string.Join(", ", notReady)}");
        });

    [Given("the endpoints of {string} contain the pod {string} within {int} seconds")]
    [Then("the endpoints of {string} contain the pod {string} within {int} seconds")]
    [StepExample("Then the endpoints of \"web\" contain the pod \"extra\" within 5 seconds")]
    public async Task ThenEndpointsContain(string service, string pod, int seconds) =>
        await Eventually.UntilAsync($"{pod} among the ready endpoints of {service}", TimeSpan.FromSeconds(seconds), async () =>
        {
            var (ready, _) = await session.Workloads.EndpointsAsync(service);
            return (ready.Contains(pod), $"ready: {string.Join(", ", ready)}");
        });

    [Then("{int} requests to the service {string} never reach the pod {string}")]
    [StepExample("Then 30 requests to the service \"web\" never reach the pod \"extra\"")]
    public async Task ThenRequestsNeverReach(int requests, string service, string pod)
    {
        var node = await session.Network.ProbeNodeAsync(service);
        for (var i = 0; i < requests; i++)
        {
            var (answered, detail) = await session.Network.RequestAsync(service, node);
            Expect.That(answered is not null && answered != pod, $"request {i + 1} to {service}: {detail}");
        }
    }

    [Then("that node's pods leave the endpoints of {string} within the node-failure bound")]
    [StepExample("Then that node's pods leave the endpoints of \"web\" within the node-failure bound")]
    public async Task ThenThatNodesPodsLeaveTheEndpoints(string service)
    {
        var node = (string)session.Notes[FaultSteps.TargetNodeNote];
        var pods = (IReadOnlyList<string>)session.Notes[FaultSteps.TargetPodsNote];
        await session.WithinBoundAsync($"pods of {node} out of the ready endpoints of {service}", "detect", session.Bounds.NodeFailure, async () =>
        {
            var (ready, _) = await session.Workloads.EndpointsAsync(service);
            var still = ready.Intersect(pods).ToList();
            return (still.Count == 0, still.Count == 0 ? "gone" : $"still ready: {string.Join(", ", still)}");
        });
    }
}
