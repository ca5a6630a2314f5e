using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Node;

/// <summary>
/// Registers this node and keeps it alive in the API: node status (conditions, capacity, addresses)
/// every status-update interval, and the node's Lease in kube-node-lease every renew interval — the two
/// heartbeats the node lifecycle controller watches.
/// </summary>
public sealed class NodeAgent(IKubernetes client, KubeletOptions options, Func<NodeReadiness> readiness, ILogger logger)
{
    private readonly Dictionary<string, (string Status, DateTime Since)> _conditions = [];
    private string? _nodeUid;

    /// <summary>
    /// Reads or creates this node's Node, hands it to <paramref name="registered"/> (which can make
    /// the pod network ready from a podCIDR the node already has), then posts the first status.
    /// </summary>
    public async Task RegisterAsync(Func<V1Node, Task> registered, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registered);
        while (true)
        {
            try
            {
                V1Node node;
                try
                {
                    node = await client.CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: ct);
                }
                catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    node = await client.CoreV1.CreateNodeAsync(new V1Node
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = options.NodeName,
                            Labels = new Dictionary<string, string>
                            {
                                ["kubernetes.io/hostname"] = options.NodeName,
                                ["kubernetes.io/os"] = "linux",
                                ["kubernetes.io/arch"] = "amd64",
                            },
                        },
                    }, cancellationToken: ct);
                    logger.LogInformation("registered node {Node}", options.NodeName);
                }
                _nodeUid = node.Metadata.Uid;
                await registered(node);
                await PostStatusAsync(ct);
                return;
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("node registration failed, retrying: {Reason}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    public async Task RunStatusLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.NodeStatusUpdateFrequency);
        while (await timer.WaitForNextTickAsync(ct))
        {
            await Attempt("node status", () => PostStatusAsync(ct));
        }
    }

    public async Task RunLeaseLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.NodeLeaseRenewInterval);
        do
        {
            await Attempt("node lease", () => RenewLeaseAsync(ct));
            if (options.Mutant == KubeletMutants.LeaseStops)
            {
                logger.LogWarning("mutant {Mutant}: the node Lease is not renewed again", KubeletMutants.LeaseStops);
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    private async Task Attempt(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("{What} update failed: {Reason}", what, ex.Message);
        }
    }

    private async Task PostStatusAsync(CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var (ready, notReadyMessage, runtimeVersion) = readiness();
        var status = new V1NodeStatus
        {
            Capacity = Resources(),
            Allocatable = Resources(),
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = options.NodeIp.ToString() }, new V1NodeAddress { Type = "Hostname", Address = options.NodeName }],
            Conditions =
            [
                Condition("Ready", ready ? "True" : "False", ready ? "KubeletReady" : "KubeletNotReady",
                    ready ? "kubelet is posting ready status" : notReadyMessage, now),
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
            ],
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64",
                BootID = ReadOr("/proc/sys/kernel/random/boot_id", "unknown"),
                ContainerRuntimeVersion = runtimeVersion,
                KernelVersion = Environment.OSVersion.Version.ToString(),
                KubeletVersion = "v1.32.0-chaoslab",
                KubeProxyVersion = "v1.32.0-chaoslab",
                MachineID = options.NodeName,
                OperatingSystem = "linux",
                OsImage = "Debian GNU/Linux 12 (bookworm)",
                SystemUUID = options.NodeName,
            },
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = options.Port } },
        };
        var patch = new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch);
        await client.CoreV1.PatchNodeStatusAsync(patch, options.NodeName, cancellationToken: ct);
    }

    private async Task RenewLeaseAsync(CancellationToken ct)
    {
        var spec = new V1LeaseSpec
        {
            HolderIdentity = options.NodeName,
            LeaseDurationSeconds = options.NodeLeaseDurationSeconds,
            RenewTime = DateTime.UtcNow,
        };
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.NodeName, "kube-node-lease", cancellationToken: ct);
            lease.Spec = spec;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.NodeName, "kube-node-lease", cancellationToken: ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = options.NodeName,
                    OwnerReferences = _nodeUid is null ? null : [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = options.NodeName, Uid = _nodeUid }],
                },
                Spec = spec,
            }, "kube-node-lease", cancellationToken: ct);
        }
    }

    private V1NodeCondition Condition(string type, string status, string reason, string message, DateTime now)
    {
        if (!_conditions.TryGetValue(type, out var previous) || previous.Status != status)
        {
            _conditions[type] = previous = (status, now);
        }
        return new V1NodeCondition { Status = status, Type = type, LastHeartbeatTime = now, LastTransitionTime = previous.Since, Message = message, Reason = reason };
    }

    private Dictionary<string, ResourceQuantity> Resources() => new()
    {
        ["cpu"] = new ResourceQuantity(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
        ["memory"] = new ResourceQuantity(MemoryKi() + "Ki"),
        ["pods"] = new ResourceQuantity(options.MaxPods.ToString(CultureInfo.InvariantCulture)),
    };

    private static string MemoryKi()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) ?? "MemTotal: 0 kB";
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }

    private static string ReadOr(string path, string fallback)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
