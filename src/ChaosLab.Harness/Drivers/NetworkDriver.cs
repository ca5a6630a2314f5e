using System.Text.Json;
using ChaosLab.Harness.Clusters;

namespace ChaosLab.Harness.Drivers;

/// <summary>Requests to Services from inside the cluster (a node's container), never from the host.</summary>
public sealed class NetworkDriver(ClusterTarget cluster, WorkloadDriver workloads)
{
    /// <summary>One request to the Service's ClusterIP from the node; the answering pod's name, or null with the error.</summary>
    public async Task<(string? Pod, string Detail)> RequestAsync(string service, string fromNode, CancellationToken ct = default)
    {
        var svc = await workloads.ServiceAsync(service, ct);
        var ip = svc.Spec.ClusterIP;
        var port = svc.Spec.Ports[0].Port;
        var result = await cluster.ExecOnNodeAsync(fromNode, ["curl", "-s", "-m", "2", $"http://{ip}:{port}/"], ct);
        if (!result.Succeeded)
        {
            return (null, $"curl from {fromNode} to {service} ({ip}:{port}) failed with exit {result.ExitCode} {result.Stderr.Trim()}");
        }
        try
        {
            using var json = JsonDocument.Parse(result.Stdout);
            var pod = json.RootElement.GetProperty("pod").GetString();
            return (pod, $"answered by {pod}");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException)
        {
            return (null, $"unexpected answer from {service}: {result.Stdout.Trim()}");
        }
    }

    /// <summary>A node with kube-proxy to send requests from: a worker, preferring the one with fewest pods of the app (so faults on the busiest spare it).</summary>
    public async Task<string> ProbeNodeAsync(string app, CancellationToken ct = default)
    {
        var nodes = await workloads.NodesByPodCountAsync(app, ct);
        return nodes.Count > 0 ? nodes[^1].Node : throw new InvalidOperationException("the cluster has no nodes to send requests from");
    }
}
