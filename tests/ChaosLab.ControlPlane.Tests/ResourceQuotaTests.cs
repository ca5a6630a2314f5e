using System.Net;
using ChaosLab.Lab;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13: a ResourceQuota is enforced at admission with upstream's 403 messages, its status.used follows what
/// the namespace holds, and deleting a pod gives its share back.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ResourceQuotaTests
{
    private const string Ns = "policy-quota";
    private const string CpuNs = "policy-quota-cpu";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.OkAsync("create", "namespace", CpuNs);
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (_kubectl is not null)
        {
            await _kubectl.RunAsync("delete", "namespace", Ns, CpuNs, "--wait=false");
            _kubectl.Dispose();
        }
        _client?.Dispose();
    }

    [Test, Order(1)]
    public async Task A_quota_of_two_pods_refuses_the_third_with_403_and_gives_room_back_when_one_goes()
    {
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: pods-2}
            spec: {hard: {pods: "2", count/configmaps: "5"}}
            """, Ns);
        await WaitUsedAsync(Ns, "pods-2", "pods", "0");
        await _kubectl.OkAsync("run", "q1", "-n", Ns, "--image=chaoslab/shell", "--restart=Never", "--command", "--", "sleep", "infinity");
        await _kubectl.OkAsync("run", "q2", "-n", Ns, "--image=chaoslab/shell", "--restart=Never", "--command", "--", "sleep", "infinity");

        var third = await _kubectl.RunAsync("run", "q3", "-n", Ns, "--image=chaoslab/shell", "--restart=Never", "--command", "--", "sleep", "infinity");

        Assert.That(third.ExitCode, Is.Not.Zero);
        Assert.That(third.StandardError, Does.Contain(
            "Error from server (Forbidden): pods \"q3\" is forbidden: exceeded quota: pods-2, requested: pods=1, used: pods=2, limited: pods=2"));
        var error = Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("q4"), Ns));
        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var quota = await _client.CoreV1.ReadNamespacedResourceQuotaAsync("pods-2", Ns);
        Assert.That(quota.Status.Used["pods"].ToString(), Is.EqualTo("2"));
        Assert.That(quota.Status.Used["count/configmaps"].ToString(), Is.EqualTo("1"), "the namespace's kube-root-ca.crt");

        await _kubectl.OkAsync("delete", "pod", "q1", "-n", Ns, "--grace-period=0", "--force");
        await WaitUsedAsync(Ns, "pods-2", "pods", "1");
        await _kubectl.OkAsync("run", "q3", "-n", Ns, "--image=chaoslab/shell", "--restart=Never", "--command", "--", "sleep", "infinity");
        await WaitUsedAsync(Ns, "pods-2", "pods", "2");
    }

    [Test, Order(2)]
    public async Task A_quota_on_limits_cpu_requires_every_container_to_state_it_and_charges_the_sum()
    {
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: cpu}
            spec: {hard: {limits.cpu: "1"}}
            """, CpuNs);
        await WaitUsedAsync(CpuNs, "cpu", "limits.cpu", "0");

        var unlimited = await _kubectl.RunAsync("run", "free", "-n", CpuNs, "--image=chaoslab/shell", "--restart=Never", "--command", "--", "sleep", "infinity");
        Assert.That(unlimited.ExitCode, Is.Not.Zero);
        Assert.That(unlimited.StandardError, Does.Contain("pods \"free\" is forbidden: failed quota: cpu: must specify limits.cpu for: free"));

        await _client.CoreV1.CreateNamespacedPodAsync(Pod("small", cpuLimit: "600m"), CpuNs);
        var error = Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("large", cpuLimit: "500m"), CpuNs));
        using var status = System.Text.Json.JsonDocument.Parse(error!.Response.Content);
        Assert.That(status.RootElement.GetProperty("message").GetString(), Is.EqualTo(
            "pods \"large\" is forbidden: exceeded quota: cpu, requested: limits.cpu=500m, used: limits.cpu=600m, limited: limits.cpu=1"));
    }

    private static V1Pod Pod(string name, string? cpuLimit = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "chaoslab/shell",
                    Command = ["sleep", "infinity"],
                    Resources = cpuLimit is null ? null : new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit) } },
                },
            ],
        },
    };

    private Task WaitUsedAsync(string ns, string quota, string resource, string used) =>
        Eventually.UntilAsync($"quota {ns}/{quota} to show {resource} used {used}", Bound, async () =>
        {
            var q = await _client.CoreV1.ReadNamespacedResourceQuotaAsync(quota, ns);
            var now = q.Status?.Used?.TryGetValue(resource, out var value) == true ? value.ToString() : null;
            return (now == used && q.Status?.Hard?.ContainsKey(resource) == true, q.Status is null ? "no status" : KubernetesJson.Serialize(q.Status));
        }, intervalMs: 300);
}
