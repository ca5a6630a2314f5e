using ChaosLab.Lab;
using k8s;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13's acceptance: a StatefulSet's pods resolve each other by name. The StatefulSet's pods get hostname
/// NAME-ORDINAL and subdomain SERVICE, the headless Service's EndpointSlices carry those hostnames, and the cluster DNS
/// answers HOST.SERVICE.NS.svc.cluster.local; each pod's resolver (getent, through `kubectl exec`) finds its peers by
/// the short name through its search path and by the fully qualified one.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class StatefulSetDnsTests
{
    private const string Ns = "sts-dns";
    private const string Set = "db";
    private const string Service = "db-peers";
    private const string Domain = $"{Service}.{Ns}.svc.cluster.local";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartTheStatefulSet()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.ApplyAsync(Manifest, Ns);
        await Eventually.UntilAsync($"{Set}-0 and {Set}-1 ready", TimeSpan.FromSeconds(120), async () =>
        {
            var pods = (await _client.CoreV1.ListNamespacedPodAsync(Ns)).Items;
            var ready = pods.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            return (ready == 2, string.Join(", ", pods.Select(p => $"{p.Metadata.Name} {p.Status?.Phase} {p.Status?.PodIP}")));
        });
    }

    [OneTimeTearDown]
    public async Task RemoveNamespace()
    {
        if (_kubectl is not null)
        {
            await _kubectl.RunAsync("delete", "namespace", Ns, "--wait=false");
            _kubectl.Dispose();
        }
        _client?.Dispose();
    }

    [Test, Order(1)]
    public async Task The_pods_have_stable_hostnames_under_the_headless_service()
    {
        foreach (var ordinal in new[] { 0, 1 })
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync($"{Set}-{ordinal}", Ns);
            Assert.That((pod.Spec.Hostname, pod.Spec.Subdomain), Is.EqualTo(($"{Set}-{ordinal}", Service)));
            Assert.That(await ExecAsync($"{Set}-{ordinal}", "hostname"), Is.EqualTo($"{Set}-{ordinal}\n"));
        }
    }

    [Test, Order(2)]
    public async Task Pod_0_resolves_pod_1_by_its_short_and_its_fully_qualified_name()
    {
        var podIp = (await _client.CoreV1.ReadNamespacedPodAsync($"{Set}-1", Ns)).Status.PodIP;

        // The DNS server learns the hostname from the EndpointSlice a moment after the pod turns Ready.
        await Eventually.UntilAsync($"{Set}-1.{Service} resolving from {Set}-0", TimeSpan.FromSeconds(30), async () =>
        {
            var found = await ResolveAsync($"{Set}-0", $"{Set}-1.{Service}");
            return (found.SequenceEqual([podIp]), $"[{string.Join(", ", found)}], want {podIp}");
        }, intervalMs: 1000);
        Assert.That(await ResolveAsync($"{Set}-0", $"{Set}-1.{Domain}"), Is.EqualTo(new[] { podIp }));
    }

    [Test, Order(3)]
    public async Task Pod_1_resolves_pod_0_and_the_service_name_gives_both()
    {
        var pods = (await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"app={Set}")).Items;
        var pod0 = pods.Single(p => p.Metadata.Name == $"{Set}-0").Status.PodIP;

        Assert.That(await ResolveAsync($"{Set}-1", $"{Set}-0.{Service}"), Is.EqualTo(new[] { pod0 }));
        Assert.That(await ResolveAsync($"{Set}-1", Service), Is.EqualTo(pods.Select(p => p.Status.PodIP).Order().ToArray()));
    }

    /// <summary>IPv4 addresses the pod's own resolver gives for <paramref name="name"/> (none when it has none), sorted.</summary>
    private async Task<string[]> ResolveAsync(string pod, string name)
    {
        var result = await _kubectl.RunAsync("exec", pod, "-n", Ns, "--", "getent", "ahostsv4", name);
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Distinct().Order()];
    }

    private Task<string> ExecAsync(string pod, params string[] command) => _kubectl.OkAsync(["exec", pod, "-n", Ns, "--", .. command]);

    private const string Manifest = $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {Service}
        spec:
          clusterIP: None
          selector:
            app: {Set}
          ports:
          - name: peer
            port: 7000
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: {Set}
        spec:
          serviceName: {Service}
          replicas: 2
          selector:
            matchLabels:
              app: {Set}
          template:
            metadata:
              labels:
                app: {Set}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: shell
                image: chaoslab/shell
                imagePullPolicy: IfNotPresent
                command: ["sleep", "infinity"]
        """;
}
