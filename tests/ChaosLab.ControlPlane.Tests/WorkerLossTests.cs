using System.Diagnostics;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// A stopped worker: its Node goes Unknown after the grace period, its pods leave the Service's endpoints,
/// are evicted after their toleration and replaced elsewhere, and the Service keeps answering throughout.
/// Runs last: it takes a worker away (and brings it back).
/// </summary>
[Category("Integration")]
[NonParallelizable]
[Order(100)]
public sealed class WorkerLossTests
{
    private Kubernetes _client = null!;
    private const string Ns = "worker-loss";

    // Fast profile bounds: node monitor grace 6 s, unreachable toleration 10 s; slack for the monitor period and queues.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Toleration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(6);

    [OneTimeSetUp]
    public async Task Connect()
    {
        (_, _client) = await HaCluster.GetAsync();
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
    }

    [OneTimeTearDown]
    public void Dispose() => _client?.Dispose();

    [Test]
    public async Task A_stopped_worker_is_detected_its_pods_replaced_and_the_service_keeps_answering()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(WorkloadTests.Deployment("svc", 6), Ns);
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "svc" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "svc" }, Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] },
        }, Ns);
        // Set-up, not the measured part: pod start is slow on 2 cores right after the lab comes up.
        await Eventually.UntilAsync("6 ready pods", TimeSpan.FromSeconds(60), async () => ((await Ready()).Count == 6, $"{(await Ready()).Count}"));
        var victim = (await Ready()).GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
        var survivor = (await Ready()).First(p => p.Spec.NodeName != victim);
        var clusterIp = (await _client.CoreV1.ReadNamespacedServiceAsync("svc", Ns)).Spec.ClusterIP;

        var clock = Stopwatch.StartNew();
        await HaCluster.Engine.StopAsync(HaCluster.Container(victim), TimeSpan.Zero);
        try
        {
            var unknownAt = await Eventually.UntilAsync($"{victim} Ready=Unknown", Grace + Slack + TimeSpan.FromSeconds(5), async () =>
            {
                var node = await _client.CoreV1.ReadNodeAsync(victim);
                var ready = node.Status.Conditions.Single(c => c.Type == "Ready").Status;
                return (ready == "Unknown", ready);
            });
            TestContext.Progress.WriteLine($"{victim} Unknown after {clock.Elapsed.TotalSeconds:0.0} s (grace {Grace.TotalSeconds} s)");
            Assert.That(clock.Elapsed, Is.LessThanOrEqualTo(Grace + Slack));

            await Eventually.UntilAsync($"{victim}'s pods out of the ready endpoints", TimeSpan.FromSeconds(10), async () =>
            {
                var ep = await _client.CoreV1.ReadNamespacedEndpointsAsync("svc", Ns);
                var onVictim = ep.Subsets?.SelectMany(s => s.Addresses ?? []).Count(a => a.NodeName == victim) ?? 0;
                return (onVictim == 0, $"{onVictim} ready addresses on {victim}");
            });
            var answered = await HaCluster.ExecInPodAsync(survivor, "curl", "-s", "--max-time", "3", $"http://{clusterIp}/");
            Assert.That(answered.ExitCode, Is.Zero, "the service stopped answering while a worker was down");

            await Eventually.UntilAsync("6 ready pods again, none on the lost worker", Toleration + Slack + TimeSpan.FromSeconds(20), async () =>
            {
                var ready = await Ready();
                return (ready.Count == 6 && ready.All(p => p.Spec.NodeName != victim), $"{ready.Count} ready, {ready.Count(p => p.Spec.NodeName == victim)} on {victim}");
            });
            TestContext.Progress.WriteLine($"replaced after {clock.Elapsed.TotalSeconds:0.0} s (grace {Grace.TotalSeconds} s + toleration {Toleration.TotalSeconds} s)");
        }
        finally
        {
            await HaCluster.Engine.StartAsync(HaCluster.Container(victim));
        }
        await Eventually.UntilAsync($"{victim} Ready again", TimeSpan.FromSeconds(30), async () =>
        {
            var node = await _client.CoreV1.ReadNodeAsync(victim);
            var ready = node.Status.Conditions.Single(c => c.Type == "Ready").Status;
            return (ready == "True" && node.Spec.Taints is null or { Count: 0 }, $"{ready}, taints {node.Spec.Taints?.Count}");
        });
    }

    private async Task<List<V1Pod>> Ready()
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=svc");
        return pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).ToList();
    }
}
