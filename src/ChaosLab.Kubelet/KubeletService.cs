using System.Net;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.Kubelet.Node;
using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Server;
using ChaosLab.Network;
using ChaosLab.Workloads;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet;

/// <summary>
/// The kubelet: registers the node and heartbeats, sets up the pod network once the node has a podCIDR
/// (bridge + host-gw routes to every other node's podCIDR, kept in sync from Node objects), and syncs
/// every pod bound to this node through a work queue, also once a second so probes and restarts run.
/// </summary>
public sealed class KubeletService(KubeletOptions options, ILoggerFactory loggers)
{
    /// <summary>
    /// Pods synced at once. Most of a sync is waiting (on `ip`, on the API server for the status write),
    /// so a burst of pods bound to this node moves as fast as these overlap; upstream runs a worker per pod.
    /// </summary>
    private const int PodWorkers = 16;

    private readonly ILogger _logger = loggers.CreateLogger("kubelet");
    private volatile BridgePlugin? _network;
    private NetworkConfig? _networkConfig;

    public bool NetworkReady => _network is not null;

    /// <summary>What the server port's logs and exec act on; null until the pods informer has synced.</summary>
    public PodContainerLookup? Containers { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        using var client = new Kubernetes(config);
        var agent = new NodeAgent(client, options, () => NetworkReady, _logger);
        // A restarted kubelet finds its podCIDR on its Node: its first status says Ready, as upstream's does
        // (a NotReady blip would taint the node NoSchedule and keep new pods away from it for a moment).
        await agent.RegisterAsync(node => UsePodCidr(node), ct);

        var factory = new InformerFactory(client, TimeSpan.FromSeconds(30), InformerOptions.Fast, loggers);
        var pods = factory.Pods(options.NodeName);
        var nodes = factory.Nodes();
        var services = factory.Services();
        var launcher = new WorkloadLauncher(options.Dotnet, options.NodeDll);
        var runtime = new ProcessRuntime(options.RootDir, () => _network, launcher, _logger);
        using var syncer = new PodSyncer(client, runtime, options, () => services.Cache.List(), BuiltInImages.IsKnown, _logger);
        using var queue = new WorkQueue(logger: _logger);

        pods.AddEventHandler(p => queue.Add(Key(p)), (_, p) => queue.Add(Key(p)), p => queue.Add(Key(p)));
        nodes.AddEventHandler(_ => OnNodesChanged(nodes, pods, queue), (_, _) => OnNodesChanged(nodes, pods, queue), _ => OnNodesChanged(nodes, pods, queue));

        var informers = factory.Start(ct);
        await factory.WaitForCacheSyncAsync(ct);
        await SyncNetworkAsync(nodes.Cache.List(), ct);
        await RemoveOrphansAsync(runtime, syncer, pods, ct);
        Containers = new PodContainerLookup((ns, name) => pods.Cache.Get(ns, name), runtime, launcher);
        _logger.LogInformation("kubelet on {Node} ready: {Pods} pods bound here", options.NodeName, pods.Cache.List().Count);

        var loops = new List<Task>
        {
            informers,
            agent.RunStatusLoopAsync(ct),
            agent.RunLeaseLoopAsync(ct),
            queue.RunWorkersAsync(PodWorkers, async (key, token) =>
            {
                if (pods.Cache.Get(key) is { } pod)
                {
                    await syncer.SyncAsync(pod, token);
                }
                else
                {
                    await RemoveOrphansAsync(runtime, syncer, pods, token);
                }
            }, ct),
            ResyncLoopAsync(pods, queue, runtime, syncer, nodes, ct),
        };
        await Task.WhenAll(loops);
    }

    private static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    private async Task ResyncLoopAsync(Informer<V1Pod, V1PodList> pods, WorkQueue queue, ProcessRuntime runtime, PodSyncer syncer,
        Informer<V1Node, V1NodeList> nodes, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var tick = 0;
        while (await timer.WaitForNextTickAsync(ct))
        {
            foreach (var pod in pods.Cache.List())
            {
                queue.Add(Key(pod));
            }
            if (++tick % 10 == 0)
            {
                await SyncNetworkAsync(nodes.Cache.List(), ct);
                await RemoveOrphansAsync(runtime, syncer, pods, ct);
            }
        }
    }

    private void OnNodesChanged(Informer<V1Node, V1NodeList> nodes, Informer<V1Pod, V1PodList> pods, WorkQueue queue)
    {
        var wasReady = NetworkReady;
        _ = Task.Run(async () =>
        {
            try
            {
                await SyncNetworkAsync(nodes.Cache.List(), CancellationToken.None);
                if (!wasReady && NetworkReady)
                {
                    foreach (var pod in pods.Cache.List())
                    {
                        queue.Add(Key(pod));
                    }
                }
            }
            catch (Exception ex) when (ex is NetworkPluginException or InvalidOperationException)
            {
                _logger.LogWarning("pod network sync failed: {Reason}", ex.Message);
            }
        });
    }

    /// <summary>Bridge for this node's podCIDR, and a route to every other node's podCIDR via that node.</summary>
    private async Task SyncNetworkAsync(IReadOnlyList<V1Node> nodes, CancellationToken ct)
    {
        if (!UsePodCidr(nodes.FirstOrDefault(n => n.Metadata.Name == options.NodeName)))
        {
            return;
        }
        var peers = nodes
            .Where(n => n.Metadata.Name != options.NodeName && n.Spec?.PodCIDR is { Length: > 0 })
            .Select(n => (IPNetwork.Parse(n.Spec.PodCIDR), IPAddress.Parse(n.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? "0.0.0.0")))
            .Where(p => !p.Item2.Equals(IPAddress.Any))
            .ToList();
        await new ChaosLab.Network.Routes.HostGwRoutes(_networkConfig!).SyncAsync(peers, ct);
    }

    /// <summary>The pod network plugin for this node's podCIDR; false while the node has none yet.</summary>
    private bool UsePodCidr(V1Node? self)
    {
        if (self?.Spec?.PodCIDR is not { Length: > 0 } cidr)
        {
            return false;
        }
        if (_networkConfig is null || _networkConfig.PodCidr.ToString() != cidr)
        {
            _networkConfig = new NetworkConfig(IPNetwork.Parse(cidr), options.ClusterCidr);
            _network = new BridgePlugin(_networkConfig);
            _logger.LogInformation("pod network ready: podCIDR {Cidr}", cidr);
        }
        return true;
    }

    /// <summary>Pods the runtime still runs but the API no longer binds here (deleted while the kubelet was away).</summary>
    private static async Task RemoveOrphansAsync(ProcessRuntime runtime, PodSyncer syncer, Informer<V1Pod, V1PodList> pods, CancellationToken ct)
    {
        var live = pods.Cache.List().Select(p => p.Metadata.Uid).ToHashSet();
        foreach (var sandbox in runtime.ListPodSandboxes().Where(s => !live.Contains(s.Config.PodUid)))
        {
            await syncer.StopAndRemoveAsync(sandbox.Config.PodUid, TimeSpan.FromSeconds(2), ct);
        }
    }
}
