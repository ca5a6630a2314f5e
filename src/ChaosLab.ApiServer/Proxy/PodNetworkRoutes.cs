using System.Collections.Concurrent;
using System.Diagnostics;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Streaming;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// Makes a pod's address reachable from the API server's node before a proxy dials it. Upstream's control-plane nodes
/// run a kubelet and the network plugin, which route every node's podCIDR; the lab's control-plane nodes run neither,
/// so (with --route-pod-cidrs) the API server routes the podCIDR of the pod's node via that node's address, as the
/// network plugin's host-gw routes do, the first time it proxies there and whenever the node's address changes.
/// Without the flag it does nothing: the pod network is taken to be routable already.
/// </summary>
public sealed class PodNetworkRoutes(ResourceStore objects, bool enabled, ILogger logger)
{
    private static readonly ResourceType Nodes = ResourceCatalog.Find("", "v1", "nodes")!;
    private readonly ConcurrentDictionary<string, string> _routed = new(StringComparer.Ordinal);

    public async Task EnsureAsync(string? nodeName, CancellationToken ct)
    {
        if (!enabled || string.IsNullOrEmpty(nodeName))
        {
            return;
        }
        var node = await objects.GetAsync(Nodes, null, nodeName, ct);
        if ((string?)node["spec"]?["podCIDR"] is not { Length: > 0 } cidr)
        {
            return;
        }
        var (gateway, _) = KubeletConnection.Endpoint(node);
        if (_routed.TryGetValue(cidr, out var current) && current == gateway)
        {
            return;
        }
        var (exitCode, error) = await RunIpAsync(["route", "replace", cidr, "via", gateway], ct);
        if (exitCode == 0)
        {
            _routed[cidr] = gateway;
            logger.LogInformation("pod network: routed podCIDR {Cidr} of node {Node} via {Gateway}", cidr, nodeName, gateway);
        }
        else
        {
            // The dial that follows fails and is answered as a 503; the route is tried again next time.
            logger.LogWarning("pod network: could not route podCIDR {Cidr} of node {Node} via {Gateway}: {Error}", cidr, nodeName, gateway, error.Trim());
        }
    }

    private static async Task<(int ExitCode, string Error)> RunIpAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
