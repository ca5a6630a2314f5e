using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// What a pod could do with the files of the node it runs on: the checks run in a pod's network namespace with the
/// node's files at hand, worse than a real pod has it (a container does not see /etc/chaoslab: ContainerRuntimeTests). The supervisors take only the lab tooling's client certificate;
/// the API server lets the node's kubelet certificate read only the secrets its pods name, and not label its
/// Node into a node-restriction.kubernetes.io pool.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class NodeTrustTests
{
    private Kubernetes _client = null!;
    private V1Pod _pod = null!;
    private const string Ns = "node-trust";

    [OneTimeSetUp]
    public async Task StartPods()
    {
        (_, _client) = await HaCluster.GetAsync();
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
        foreach (var name in (string[])["mounted", "unreferenced"])
        {
            await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, StringData = new Dictionary<string, string> { ["key"] = name } }, Ns);
        }
        // Bound to worker-1 at creation: its kubelet may read the secret from then on, running or not.
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "consumer" },
            Spec = new V1PodSpec
            {
                NodeName = "worker-1",
                Containers = [new V1Container { Name = "pause", Image = "chaoslab/pause" }],
                Volumes = [new V1Volume { Name = "secret", Secret = new V1SecretVolumeSource { SecretName = "mounted" } }],
            },
        }, Ns);
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "intruder" },
            Spec = new V1PodSpec { NodeName = "worker-1", Containers = [new V1Container { Name = "pause", Image = "chaoslab/pause" }] },
        }, Ns);
        await Eventually.UntilAsync("the pod running", TimeSpan.FromSeconds(20), async () =>
        {
            _pod = await _client.CoreV1.ReadNamespacedPodAsync("intruder", Ns);
            return (_pod.Status?.Phase == "Running", _pod.Status?.Phase ?? "no status");
        });
    }

    [OneTimeTearDown]
    public void Dispose() => _client?.Dispose();

    [TestCase("no certificate", "")]
    [TestCase("its node's supervisor serving certificate", "--cert /etc/chaoslab/pki/supervisor.crt --key /etc/chaoslab/pki/supervisor.key")]
    [TestCase("its node's kubelet certificate", "--cert /etc/chaoslab/pki/kubelet.crt --key /etc/chaoslab/pki/kubelet.key")]
    public async Task A_pod_cannot_drive_another_nodes_supervisor(string what, string credentials)
    {
        var target = HaCluster.State.Find("worker-2")!.Address;

        var result = await HaCluster.ExecInPodAsync(_pod, "sh", "-c",
            $"curl -sk {credentials} --max-time 3 -X POST https://{target}:7070/components/kube-proxy/restart");

        Assert.That(result.ExitCode, Is.Not.Zero, $"with {what}, the supervisor answered: {result.Stdout}");
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Worker_1s_kubelet_cannot_read_a_secret_no_pod_of_worker_1_names()
    {
        var (code, body) = await AsKubeletAsync("GET", $"/api/v1/namespaces/{Ns}/secrets/unreferenced");

        Assert.That(code, Is.EqualTo(403), body);
        Assert.That((string?)JsonNode.Parse(body)!["message"], Is.EqualTo(
            $"secrets \"unreferenced\" is forbidden: User \"system:node:worker-1\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{Ns}\": no relationship found between node 'worker-1' and this object"));
        Assert.That((await AsKubeletAsync("GET", $"/api/v1/namespaces/{Ns}/secrets")).Code, Is.EqualTo(403), "a list names no single object");
    }

    [Test]
    public async Task Worker_1s_kubelet_reads_the_secret_a_pod_bound_to_worker_1_mounts()
    {
        var (code, body) = await AsKubeletAsync("GET", $"/api/v1/namespaces/{Ns}/secrets/mounted");
        var (listCode, list) = await AsKubeletAsync("GET", $"/api/v1/namespaces/{Ns}/secrets?fieldSelector=metadata.name%3Dmounted");

        Assert.That(code, Is.EqualTo(200), body);
        Assert.That((string?)JsonNode.Parse(body)!["metadata"]!["name"], Is.EqualTo("mounted"));
        Assert.That(listCode, Is.EqualTo(200), list);
        Assert.That(JsonNode.Parse(list)!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]), Is.EqualTo(new[] { "mounted" }));
    }

    [Test]
    public async Task The_admin_reads_both_secrets()
    {
        var mounted = await _client.CoreV1.ReadNamespacedSecretAsync("mounted", Ns);
        var unreferenced = await _client.CoreV1.ReadNamespacedSecretAsync("unreferenced", Ns);

        Assert.That((mounted.Metadata.Name, unreferenced.Metadata.Name), Is.EqualTo(("mounted", "unreferenced")));
    }

    [Test]
    public async Task Worker_1s_kubelet_cannot_label_its_node_into_a_restricted_pool()
    {
        var (code, body) = await AsKubeletAsync("PATCH", "/api/v1/nodes/worker-1",
            """{"metadata":{"labels":{"node-restriction.kubernetes.io/x":"trusted"}}}""");

        Assert.That(code, Is.EqualTo(403), body);
        Assert.That((string?)JsonNode.Parse(body)!["message"], Does.Contain("node-restriction.kubernetes.io/x"));
        var node = await _client.CoreV1.ReadNodeAsync("worker-1");
        Assert.That(node.Metadata.Labels?.Keys ?? [], Has.None.StartsWith("node-restriction.kubernetes.io/"));
    }

    /// <summary>A request with worker-1's kubelet certificate, from inside worker-1, as its kubelet would send it.</summary>
    private static async Task<(int Code, string Body)> AsKubeletAsync(string method, string path, string? mergePatch = null)
    {
        var endpoint = HaCluster.State.ApiEndpointNode().Address;
        string[] body = mergePatch is null ? [] : ["-H", "Content-Type: application/merge-patch+json", "--data", mergePatch];
        var result = await HaCluster.Engine.ExecAsync(HaCluster.Container("worker-1"),
        [
            "curl", "-s", "--max-time", "5", "--cacert", "/etc/chaoslab/pki/ca.crt",
            "--cert", "/etc/chaoslab/pki/kubelet.crt", "--key", "/etc/chaoslab/pki/kubelet.key",
            "-X", method, .. body, "-w", "\n%{http_code}", $"https://{endpoint}:6443{path}",
        ]);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        // -w put the status code on a line of its own after the body.
        var output = result.Stdout.TrimEnd();
        var lastLine = output.LastIndexOf('\n');
        return (int.Parse(output[(lastLine + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..Math.Max(lastLine, 0)]);
    }
}
