using System.Text.RegularExpressions;
using ChaosLab.Lab;
using ChaosLab.Lab.ControlPlane;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Cluster DNS end to end in the HA lab: the lab's cluster-dns Deployment behind kube-dns, the kubelet's resolv.conf
/// for a ClusterFirst pod, and names looked up by the pod's own resolver (getent, curl) through `kubectl exec`.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed partial class ClusterDnsTests
{
    private const string Ns = "dns-a";
    private const string OtherNs = "dns-b";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartServicesAndAClient()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        foreach (var ns in new[] { Ns, OtherNs })
        {
            await _kubectl.OkAsync("create", "namespace", ns);
            await _kubectl.ApplyAsync(Web("web", 1, "ClusterIP"), ns);
        }
        await _kubectl.ApplyAsync(Web("peers", 2, "None"), Ns);
        await _kubectl.OkAsync("run", "client", "--image=chaoslab/shell", "-n", Ns, "--", "sleep", "infinity");
        foreach (var (ns, pods) in new[] { (Ns, 4), (OtherNs, 1) })
        {
            await Eventually.UntilAsync($"{pods} pods running and ready in {ns}", TimeSpan.FromSeconds(90), async () =>
            {
                var list = await _client.CoreV1.ListNamespacedPodAsync(ns);
                var ready = list.Items.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
                return (ready >= pods, $"{ready} ready: {string.Join(", ", list.Items.Select(p => $"{p.Metadata.Name} {p.Status?.Phase}"))}");
            });
        }
    }

    [OneTimeTearDown]
    public async Task RemoveNamespaces()
    {
        foreach (var ns in new[] { Ns, OtherNs })
        {
            await _kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
        }
        _kubectl.Dispose();
        _client?.Dispose();
    }

    [Test, Order(1)]
    public async Task The_cluster_dns_runs_two_replicas_behind_kube_dns_at_the_tenth_service_address()
    {
        var service = await _client.CoreV1.ReadNamespacedServiceAsync(ClusterDnsAddon.ServiceName, ClusterDnsAddon.Namespace);
        Assert.That(service.Spec.ClusterIP, Is.EqualTo("10.96.0.10"));
        Assert.That(service.Spec.Ports.Select(p => $"{p.Name} {p.Port}/{p.Protocol}"), Is.EqualTo(new[] { "dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP" }));
        await Eventually.UntilAsync("both cluster DNS replicas ready", TimeSpan.FromSeconds(60), async () =>
        {
            var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(ClusterDnsAddon.DeploymentName, ClusterDnsAddon.Namespace);
            return (deployment.Status?.ReadyReplicas == 2, $"{deployment.Status?.ReadyReplicas ?? 0} ready");
        });
    }

    [Test, Order(2)]
    public async Task A_ClusterFirst_pod_resolves_through_kube_dns_with_its_namespace_first()
    {
        var resolv = await InClient("cat", "/etc/resolv.conf");

        Assert.That(resolv, Does.Contain("nameserver 10.96.0.10\n"));
        Assert.That(resolv, Does.Contain($"search {Ns}.svc.cluster.local svc.cluster.local cluster.local"));
        Assert.That(resolv, Does.Contain("options ndots:5"));
        Assert.That(await InClient("cat", "/etc/hosts"), Does.Contain("\tclient\n"));
    }

    [Test, Order(3)]
    public async Task Service_names_resolve_short_with_a_namespace_and_fully_qualified()
    {
        var here = (await _client.CoreV1.ReadNamespacedServiceAsync("web", Ns)).Spec.ClusterIP;
        var there = (await _client.CoreV1.ReadNamespacedServiceAsync("web", OtherNs)).Spec.ClusterIP;

        Assert.That(await ResolveAsync("web"), Is.EqualTo(new[] { here }));
        Assert.That(await ResolveAsync($"web.{OtherNs}"), Is.EqualTo(new[] { there }));
        Assert.That(await ResolveAsync($"web.{OtherNs}.svc.cluster.local"), Is.EqualTo(new[] { there }));
    }

    [Test, Order(4)]
    public async Task Curl_http_web_reaches_the_service_by_name()
    {
        var body = await InClient("curl", "-s", "--max-time", "5", "http://web/");

        Assert.That(body, Does.Contain("\"pod\":\"web-"));
    }

    [Test, Order(5)]
    public async Task A_headless_service_resolves_to_its_ready_pods()
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=peers");
        var expected = pods.Items.Select(p => p.Status.PodIP).Order().ToArray();

        Assert.That(expected, Has.Length.EqualTo(2));
        Assert.That(await ResolveAsync("peers"), Is.EqualTo(expected));
    }

    [Test, Order(6)]
    public async Task A_missing_name_is_nxdomain_and_a_name_outside_the_cluster_is_refused()
    {
        var before = await ResponsesAsync();

        var missing = await _kubectl.RunAsync("exec", "client", "-n", Ns, "--", "getent", "hosts", $"nope.{Ns}.svc.cluster.local");
        var outside = await _kubectl.RunAsync("exec", "client", "-n", Ns, "--", "getent", "hosts", "example.org.");

        // getent: 2 is "not found".
        Assert.That((missing.ExitCode, outside.ExitCode), Is.EqualTo((2, 2)));
        await Eventually.UntilAsync("NXDOMAIN and REFUSED counted by the DNS servers", TimeSpan.FromSeconds(10), async () =>
        {
            var after = await ResponsesAsync();
            var nx = after.GetValueOrDefault("NXDOMAIN") - before.GetValueOrDefault("NXDOMAIN");
            var refused = after.GetValueOrDefault("REFUSED") - before.GetValueOrDefault("REFUSED");
            return (nx >= 1 && refused >= 1, $"NXDOMAIN +{nx}, REFUSED +{refused}");
        });
    }

    /// <summary>IPv4 addresses the client pod's resolver gives for <paramref name="name"/>, sorted.</summary>
    private async Task<string[]> ResolveAsync(string name)
    {
        var text = await InClient("getent", "ahostsv4", name);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Distinct().Order()];
    }

    private Task<string> InClient(params string[] command) => _kubectl.OkAsync(["exec", "client", "-n", Ns, "--", .. command]);

    /// <summary>coredns_dns_responses_total by rcode, summed over the DNS pods, read from inside the lab (the client pod).</summary>
    private async Task<Dictionary<string, long>> ResponsesAsync()
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        var pods = await _client.CoreV1.ListNamespacedPodAsync(ClusterDnsAddon.Namespace, labelSelector: $"k8s-app={ClusterDnsAddon.AppLabel}");
        foreach (var pod in pods.Items.Where(p => p.Status?.PodIP is not null))
        {
            var metrics = await InClient("curl", "-s", "--max-time", "5", $"http://{pod.Status.PodIP}:{ClusterDnsAddon.MetricsPort}/metrics");
            foreach (Match m in ResponsesLine().Matches(metrics))
            {
                totals[m.Groups[1].Value] = totals.GetValueOrDefault(m.Groups[1].Value) + long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return totals;
    }

    [GeneratedRegex("""coredns_dns_responses_total\{[^}]*rcode="([A-Z]+)"\} (\d+)""")]
    private static partial Regex ResponsesLine();

    private static string Web(string name, int replicas, string clusterIp) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: echo
                image: chaoslab/echo
                imagePullPolicy: IfNotPresent
                ports:
                - containerPort: 8080
                readinessProbe:
                  httpGet:
                    path: /
                    port: 8080
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
        spec:
          {{(clusterIp == "None" ? "clusterIP: None" : "type: ClusterIP")}}
          selector:
            app: {{name}}
          ports:
          - name: http
            port: 80
            targetPort: 8080
        """;
}
