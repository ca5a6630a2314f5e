using ChaosLab.Harness.Clusters;
using ChaosLab.Lab.ControlPlane;
using k8s;

namespace ChaosLab.Harness.Drivers;

/// <summary>
/// Cluster DNS as a pod sees it: names looked up by a scenario pod's own resolver (its resolv.conf, through the
/// kube-dns Service), run inside the pod's container on its node, never from the host. The DNS pods are found by
/// upstream's label (k8s-app=kube-dns in kube-system), so this works against any cluster running CoreDNS too.
/// </summary>
public sealed class DnsDriver(ClusterTarget cluster, WorkloadDriver workloads)
{
    public const string DnsNamespace = "kube-system";
    public const string DnsPodSelector = "k8s-app=kube-dns";

    /// <summary>Nodes running DNS pods (not being deleted), most first.</summary>
    public async Task<IReadOnlyList<(string Node, int Pods)>> NodesByDnsPodCountAsync(CancellationToken ct = default)
    {
        var pods = await cluster.Api.CoreV1.ListNamespacedPodAsync(DnsNamespace, labelSelector: DnsPodSelector, cancellationToken: ct);
        return [.. pods.Items
            .Where(p => p.Metadata.DeletionTimestamp is null && !string.IsNullOrEmpty(p.Spec.NodeName))
            .GroupBy(p => p.Spec.NodeName)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(n => n.Item2)
            .ThenBy(n => n.Key, StringComparer.Ordinal)];
    }

    /// <summary>DNS pods that are Ready (in the kube-dns Service's endpoints), with a line saying where they run.</summary>
    public async Task<(int Ready, string Detail)> ReadyDnsPodsAsync(CancellationToken ct = default)
    {
        var pods = await cluster.Api.CoreV1.ListNamespacedPodAsync(DnsNamespace, labelSelector: DnsPodSelector, cancellationToken: ct);
        var ready = pods.Items.Where(p => p.Metadata.DeletionTimestamp is null
            && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).ToList();
        return (ready.Count, $"{ready.Count} ready: {string.Join(", ", pods.Items.Select(p => $"{p.Metadata.Name} on {p.Spec.NodeName} {p.Status?.Phase}{(p.Metadata.DeletionTimestamp is null ? "" : " deleting")}"))}");
    }

    /// <summary>
    /// Looks <paramref name="name"/> up with `getent hosts` inside a running pod of <paramref name="app"/> that is not on
    /// <paramref name="avoidNode"/> (a node a fault took); the first address, or null with what went wrong.
    /// </summary>
    public async Task<(string? Address, string Detail)> ResolveAsync(string name, string app, string? avoidNode, CancellationToken ct = default)
    {
        var pods = await workloads.ReadyPodsAsync(app, ct);
        var pod = pods.FirstOrDefault(p => p.Spec.NodeName != avoidNode);
        if (pod is null)
        {
            return (null, $"no ready pod of {app} outside {avoidNode ?? "(none)"} to resolve from");
        }
        var result = await cluster.ExecOnNodeAsync(pod.Spec.NodeName, PodCommands.InContainer(pod.Metadata.Uid, WorkloadDriver.Container, ["getent", "hosts", name]), ct);
        if (!result.Succeeded)
        {
            return (null, $"getent hosts {name} in {pod.Metadata.Name} on {pod.Spec.NodeName} exited {result.ExitCode} {result.Stderr.Trim()}");
        }
        var address = result.Stdout.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return (address, $"{name} is {address} from {pod.Metadata.Name} on {pod.Spec.NodeName}");
    }
}
