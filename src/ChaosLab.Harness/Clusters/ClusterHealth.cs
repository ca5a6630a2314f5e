using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Lifecycle;
using k8s;

namespace ChaosLab.Harness.Clusters;

/// <summary>Whether a cluster is fit for the next scenario: every node Ready and schedulable (<see cref="NodeFitness"/>) and, for a lab, every component and etcd member healthy.</summary>
public static class ClusterHealth
{
    /// <summary>Null when healthy, else what is wrong.</summary>
    public static async Task<string?> ProblemAsync(ClusterTarget cluster, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            var nodes = await cluster.Api.CoreV1.ListNodeAsync(cancellationToken: ct);
            var unfit = nodes.Items
                .Select(n => (n.Metadata.Name, Problem: NodeFitness.Problem(
                    n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status,
                    n.Spec?.Unschedulable == true,
                    (n.Spec?.Taints ?? []).Select(t => ((string?)t.Key, (string?)t.Effect)))))
                .Where(n => n.Problem is not null)
                .Select(n => $"{n.Name} ({n.Problem})")
                .ToList();
            if (unfit.Count > 0)
            {
                return $"nodes not Ready and schedulable: {string.Join(", ", unfit)}";
            }
            if (cluster.Lab is { } lab)
            {
                var status = await LabStatus.ReadAsync(cluster.Engine, lab.Name, ct);
                if (!status.Healthy)
                {
                    var sick = status.Nodes.SelectMany(n => n.Components.Where(c => !c.Healthy).Select(c => $"{n.Node.Name}/{c.Name}"))
                        .Concat(status.Etcd.Where(e => !e.Healthy).Select(e => $"etcd on {e.Node}"))
                        .Concat(status.Nodes.Where(n => n.SupervisorError is not null).Select(n => $"{n.Node.Name} supervisor"));
                    return $"unhealthy: {string.Join(", ", sick)}";
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
        {
            return $"API not answering: {ex.Message}";
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the cluster to be healthy; returns the last problem or null.</summary>
    public static async Task<string?> WaitAsync(ClusterTarget cluster, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var problem = await ProblemAsync(cluster, ct);
            if (problem is null || DateTime.UtcNow >= deadline)
            {
                return problem;
            }
            await Task.Delay(500, ct);
        }
    }
}
