using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// What a pod can do with the files of the node it runs on: pods are still processes on their node (they see
/// /etc/chaoslab), so this is the worst case. The supervisors take only the lab tooling's client certificate.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class NodeTrustTests
{
    private Kubernetes _client = null!;
    private V1Pod _pod = null!;
    private const string Ns = "node-trust";

    [OneTimeSetUp]
    public async Task StartPod()
    {
        (_, _client) = await HaCluster.GetAsync();
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
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
}
