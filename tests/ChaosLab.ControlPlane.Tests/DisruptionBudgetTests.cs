using System.Net;
using System.Text.Json;
using ChaosLab.Lab;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13: a PodDisruptionBudget that allows no disruption makes pods/eviction answer 429 with upstream's message
/// and cause, so `kubectl drain` keeps retrying until its timeout; one that allows a disruption lets exactly one
/// pod go.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DisruptionBudgetTests
{
    private const string Ns = "policy-pdb";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartGuardedPods()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.ApplyAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: guarded}
            spec:
              replicas: 2
              selector: {matchLabels: {app: guarded}}
              template:
                metadata: {labels: {app: guarded}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: main, image: chaoslab/shell, command: [sleep, infinity]}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: guarded}
            spec:
              minAvailable: 2
              selector: {matchLabels: {app: guarded}}
            """, Ns);
        await WaitBudgetAsync(b => b.Status is { CurrentHealthy: 2, DesiredHealthy: 2, ExpectedPods: 2, DisruptionsAllowed: 0 } && b.Status.ObservedGeneration == b.Metadata.Generation);
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (_kubectl is not null)
        {
            await _kubectl.RunAsync("delete", "namespace", Ns, "--wait=false");
            _kubectl.Dispose();
        }
        _client?.Dispose();
    }

    [Test, Order(1)]
    public async Task An_eviction_the_budget_forbids_is_429_with_the_DisruptionBudget_cause()
    {
        var budget = await _client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("guarded", Ns);
        Assert.That(budget.Status.Conditions?.Single(c => c.Type == "DisruptionAllowed"),
            Has.Property("Status").EqualTo("False").And.Property("Reason").EqualTo("InsufficientPods"));
        var pod = (await GuardedPodsAsync())[0];

        var error = Assert.ThrowsAsync<HttpOperationException>(() => EvictAsync(pod));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        using var status = JsonDocument.Parse(error.Response.Content);
        Assert.That(status.RootElement.GetProperty("reason").GetString(), Is.EqualTo("TooManyRequests"));
        Assert.That(status.RootElement.GetProperty("message").GetString(), Is.EqualTo("Cannot evict pod as it would violate the pod's disruption budget."));
        var cause = status.RootElement.GetProperty("details").GetProperty("causes")[0];
        Assert.That(cause.GetProperty("reason").GetString(), Is.EqualTo("DisruptionBudget"));
        Assert.That(cause.GetProperty("message").GetString(), Is.EqualTo("The disruption budget guarded needs 2 healthy pods and has 2 currently"));
        Assert.That((await _client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, Ns)).Metadata.DeletionTimestamp, Is.Null, "the pod was not deleted");
    }

    [Test, Order(2)]
    public async Task Kubectl_drain_keeps_retrying_on_the_budget_until_its_timeout()
    {
        var node = (await GuardedPodsAsync())[0].Spec.NodeName;
        try
        {
            var drain = await _kubectl.RunAsync("drain", node, "--pod-selector=app=guarded", "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=20s");

            Assert.That(drain.ExitCode, Is.Not.Zero);
            Assert.That(drain.StandardError, Does.Contain("Cannot evict pod as it would violate the pod's disruption budget."));
            Assert.That(drain.StandardError, Does.Contain("global timeout reached: 20s"));
            Assert.That((await GuardedPodsAsync()).Where(p => p.Metadata.DeletionTimestamp is null).ToList(), Has.Count.EqualTo(2), "no guarded pod was evicted");
        }
        finally
        {
            await _kubectl.RunAsync("uncordon", node);
        }
    }

    [Test, Order(3)]
    public async Task A_budget_that_allows_one_disruption_lets_one_pod_go_and_then_none()
    {
        await _kubectl.OkAsync("patch", "pdb", "guarded", "-n", Ns, "--type=merge", "-p", """{"spec":{"minAvailable":1}}""");
        await WaitBudgetAsync(b => b.Status is { DisruptionsAllowed: 1, DesiredHealthy: 1 } && b.Status.ObservedGeneration == b.Metadata.Generation);
        var pods = await GuardedPodsAsync();

        await EvictAsync(pods[0]);
        var error = Assert.ThrowsAsync<HttpOperationException>(() => EvictAsync(pods[1]));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var evicted = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=guarded");
        Assert.That(evicted.Items.Single(p => p.Metadata.Name == pods[0].Metadata.Name).Metadata.DeletionTimestamp, Is.Not.Null, "the first pod is terminating");
        Assert.That(evicted.Items.Single(p => p.Metadata.Name == pods[1].Metadata.Name).Metadata.DeletionTimestamp, Is.Null, "the second pod stays");
        var budget = await _client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("guarded", Ns);
        Assert.That(budget.Status.DisruptionsAllowed, Is.Zero);

        // The Deployment replaces the evicted pod; once it is Ready the budget allows one disruption again.
        await WaitBudgetAsync(b => b.Status is { CurrentHealthy: 2, DisruptionsAllowed: 1 } && (b.Status.DisruptedPods?.Count ?? 0) == 0);
    }

    private Task EvictAsync(V1Pod pod) => _client.CoreV1.CreateNamespacedPodEvictionAsync(
        new V1Eviction { Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = Ns } }, pod.Metadata.Name, Ns);

    private async Task<List<V1Pod>> GuardedPodsAsync()
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=guarded");
        return [.. pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && !string.IsNullOrEmpty(p.Spec.NodeName)).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
    }

    private Task WaitBudgetAsync(Func<V1PodDisruptionBudget, bool> done) =>
        Eventually.UntilAsync("the PodDisruptionBudget's status", Bound, async () =>
        {
            var budget = await _client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("guarded", Ns);
            return (budget.Status is not null && done(budget), budget.Status is null ? "no status yet" : KubernetesJson.Serialize(budget.Status));
        }, intervalMs: 500);
}
