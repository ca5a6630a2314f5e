using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13: a PersistentVolumeClaim binds to the smallest matching hostPath PersistentVolume, a pod using the claim
/// writes into the volume's directory on its node, and the volume is Released (and retained) when the claim goes.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PersistentVolumeTests
{
    private const string Ns = "policy-pv";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    private string Small => $"policy-small-{_suffix}";
    private string Big => $"policy-big-{_suffix}";
    private string HostDir => $"/tmp/chaoslab-pv-{_suffix}";

    [OneTimeSetUp]
    public async Task Connect()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (_kubectl is not null)
        {
            await _kubectl.RunAsync("delete", "namespace", Ns, "--wait=false");
            await _kubectl.RunAsync("delete", "pv", Small, Big, "--wait=false");
            _kubectl.Dispose();
        }
        _client?.Dispose();
    }

    [Test]
    public async Task A_claim_binds_to_the_smallest_fitting_hostPath_volume_and_a_pod_writes_into_it_on_the_node()
    {
        await _kubectl.ApplyAsync($"""
            apiVersion: v1
            kind: PersistentVolume
            metadata: {"{"}name: {Big}{"}"}
            spec:
              storageClassName: manual
              capacity: {"{"}storage: 5Gi{"}"}
              accessModes: [ReadWriteOnce]
              hostPath: {"{"}path: {HostDir}-big, type: DirectoryOrCreate{"}"}
            ---
            apiVersion: v1
            kind: PersistentVolume
            metadata: {"{"}name: {Small}{"}"}
            spec:
              storageClassName: manual
              capacity: {"{"}storage: 1Gi{"}"}
              accessModes: [ReadWriteOnce]
              hostPath: {"{"}path: {HostDir}, type: DirectoryOrCreate{"}"}
            """, Ns);
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              storageClassName: manual
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 500Mi}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: writer}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: main
                image: chaoslab/shell
                command: [sh, -c, "echo written-through-the-claim > /data/proof && sleep infinity"]
                volumeMounts: [{name: data, mountPath: /data}]
              volumes:
              - name: data
                persistentVolumeClaim: {claimName: data}
            """, Ns);

        await Eventually.UntilAsync("the claim Bound", Bound, async () =>
        {
            var claim = await _client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Ns);
            return (claim.Status?.Phase == "Bound", (claim.Status is null ? "no status" : KubernetesJson.Serialize(claim.Status)) + " volumeName=" + claim.Spec.VolumeName);
        });
        var bound = await _client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Ns);
        Assert.That(bound.Spec.VolumeName, Is.EqualTo(Small), "the smallest volume that fits");
        Assert.That(bound.Status.Capacity["storage"].ToString(), Is.EqualTo("1Gi"));
        var volume = await _client.CoreV1.ReadPersistentVolumeAsync(Small);
        Assert.That((volume.Status.Phase, volume.Spec.ClaimRef?.Name, volume.Spec.ClaimRef?.Uid), Is.EqualTo(("Bound", "data", bound.Metadata.Uid)));
        Assert.That((await _client.CoreV1.ReadPersistentVolumeAsync(Big)).Status.Phase, Is.EqualTo("Available"));

        V1Pod pod = null!;
        await Eventually.UntilAsync("the writer pod Running", Bound, async () =>
        {
            pod = await _client.CoreV1.ReadNamespacedPodAsync("writer", Ns);
            return (pod.Status?.Phase == "Running", pod.Status?.ContainerStatuses?.FirstOrDefault()?.State is { } state ? KubernetesJson.Serialize(state) : $"phase {pod.Status?.Phase}");
        });
        await Eventually.UntilAsync($"{HostDir}/proof on node {pod.Spec.NodeName}", Bound, async () =>
        {
            var cat = await HaCluster.Engine.ExecAsync(HaCluster.Container(pod.Spec.NodeName), ["cat", $"{HostDir}/proof"]);
            return (cat.ExitCode == 0 && cat.Stdout == "written-through-the-claim\n", $"exit {cat.ExitCode}: {cat.Stdout}{cat.Stderr}");
        });

        await _kubectl.OkAsync("delete", "pod", "writer", "-n", Ns, "--wait=true", "--timeout=60s");
        await _kubectl.OkAsync("delete", "pvc", "data", "-n", Ns, "--wait=true", "--timeout=60s");
        await Eventually.UntilAsync("the volume Released once its claim is gone", Bound, async () =>
        {
            var pv = await _client.CoreV1.ReadPersistentVolumeAsync(Small);
            return (pv.Status?.Phase == "Released", pv.Status?.Phase ?? "no phase");
        });
        var kept = await HaCluster.Engine.ExecAsync(HaCluster.Container(pod.Spec.NodeName), ["cat", $"{HostDir}/proof"]);
        Assert.That(kept.Stdout, Is.EqualTo("written-through-the-claim\n"), "Retain keeps the data");
        await HaCluster.Engine.ExecAsync(HaCluster.Container(pod.Spec.NodeName), ["rm", "-rf", HostDir]);
    }
}
