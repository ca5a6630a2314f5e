using System.Net;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.Cri;
using ChaosLab.Kubelet.Node;
using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Server;
using ChaosLab.Kubelet.Volumes;
using ChaosLab.Network;
using ChaosLab.Network.Cni;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet;

/// <summary>
/// The kubelet: registers the node and heartbeats, drives the container runtime through CRI, hands the node's
/// podCIDR to the runtime's network plugin (a CNI network config) and keeps host-gw routes to every other
/// node's podCIDR in sync from Node objects, and syncs each pod bound to this node through a work queue when the
/// API changes it, when a relist of the runtime shows its containers changed, and when it is due (probes, restarts).
/// </summary>
public sealed class KubeletService(KubeletOptions options, ILoggerFactory loggers)
{
    /// <summary>
    /// Pods synced at once. Most of a sync is waiting (on the runtime, on the API server for the status write),
    /// so a burst of pods bound to this node moves as fast as these overlap; upstream runs a worker per pod.
    /// </summary>
    private const int PodWorkers = 16;

    /// <summary>How long a ConfigMap or Secret read is reused: an update reaches a volume within this and the next sync.</summary>
    private const int ReferencedObjectTtlSeconds = 5;

    private readonly ILogger _logger = loggers.CreateLogger("kubelet");
    private NetworkConfig? _networkConfig;
    private volatile RuntimeReadiness _runtimeReadiness = new(false, false, "the container runtime has not answered yet");
    private string _runtimeVersion = "containerd://unknown";

    /// <summary>Pods get a sandbox once the runtime's network plugin has this node's podCIDR and is ready.</summary>
    public bool NetworkReady => _networkConfig is not null && _runtimeReadiness.NetworkReady;

    /// <summary>What the server port's logs and exec act on; null until the pods informer has synced.</summary>
    public PodContainerLookup? Containers { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        using var client = new Kubernetes(config);
        using var cri = new CriConnection(new CriConnectionOptions { SocketPath = options.ContainerRuntimeEndpoint });
        var runtime = new CriRuntime(cri);
        await ConnectRuntimeAsync(cri, runtime, ct);
        var agent = new NodeAgent(client, options, Readiness, _logger);
        // A restarted kubelet finds its podCIDR on its Node and the runtime's network already set up: its first
        // status says Ready, as upstream's does (a NotReady blip would taint the node NoSchedule for a moment).
        await agent.RegisterAsync(async node =>
        {
            await UsePodCidrAsync(node, ct);
            await RefreshRuntimeAsync(runtime, ct);
        }, ct);

        var factory = new InformerFactory(client, TimeSpan.FromSeconds(30), InformerOptions.Fast, loggers);
        var pods = factory.Pods(options.NodeName);
        var nodes = factory.Nodes();
        var services = factory.Services();
        var objects = new ApiObjectCache(client, TimeSpan.FromSeconds(ReferencedObjectTtlSeconds));
        var volumes = new PodVolumes(new VolumeLayout(options.RootDir), objects, new LinuxHostMounts(), _logger, ServiceAccountTokens.Using(client));
        using var syncer = new PodSyncer(client, runtime, options, () => services.Cache.List(), () => NetworkReady, volumes, objects, _logger);
        using var queue = new WorkQueue(logger: _logger);

        pods.AddEventHandler(p => queue.Add(Key(p)), (_, p) => queue.Add(Key(p)), p => queue.Add(Key(p)));
        nodes.AddEventHandler(_ => OnNodesChanged(nodes, pods, queue, runtime), (_, _) => OnNodesChanged(nodes, pods, queue, runtime),
            _ => OnNodesChanged(nodes, pods, queue, runtime));

        var informers = factory.Start(ct);
        await factory.WaitForCacheSyncAsync(ct);
        await SyncNetworkAsync(nodes.Cache.List(), ct);
        await RemoveOrphansAsync(runtime, syncer, pods, ct);
        volumes.RemoveOrphans(() => pods.Cache.List().Select(p => p.Metadata.Uid).ToHashSet());
        Containers = new PodContainerLookup((ns, name) => pods.Cache.Get(ns, name), runtime);
        _logger.LogInformation("kubelet on {Node} ready: {Pods} pods bound here, runtime {Runtime}", options.NodeName, pods.Cache.List().Count, _runtimeVersion);

        var loops = new List<Task>
        {
            informers,
            agent.RunStatusLoopAsync(ct),
            agent.RunLeaseLoopAsync(ct),
            queue.RunWorkersAsync(PodWorkers, async (key, token) =>
            {
                try
                {
                    if (pods.Cache.Get(key) is { } pod)
                    {
                        await syncer.SyncAsync(pod, token);
                    }
                    else
                    {
                        await RemoveOrphansAsync(runtime, syncer, pods, token);
                    }
                }
                catch (CriException ex) when (!token.IsCancellationRequested)
                {
                    // The runtime is down or restarting: the next resync tries again.
                    _logger.LogWarning("sync of {Pod}: {Reason}", key, ex.Message);
                }
            }, ct),
            ResyncLoopAsync(pods, queue, runtime, syncer, nodes, ct),
        };
        await Task.WhenAll(loops);
    }

    private NodeReadiness Readiness()
    {
        var runtime = _runtimeReadiness;
        if (_networkConfig is null)
        {
            return new NodeReadiness(false, "container runtime network not ready: no podCIDR assigned to this node yet", _runtimeVersion);
        }
        return runtime.RuntimeReady && runtime.NetworkReady
            ? new NodeReadiness(true, "", _runtimeVersion)
            : new NodeReadiness(false, $"container runtime {(runtime.RuntimeReady ? "network " : "")}not ready: {runtime.Reason}", _runtimeVersion);
    }

    /// <summary>Waits for the runtime to answer (it starts beside the kubelet) and learns its version.</summary>
    private async Task ConnectRuntimeAsync(CriConnection cri, CriRuntime runtime, CancellationToken ct)
    {
        var logged = false;
        while (true)
        {
            try
            {
                var version = await cri.Runtime.VersionAsync(new ChaosLab.Cri.V1.VersionRequest { Version = "v1" }, cancellationToken: ct);
                _runtimeVersion = $"{version.RuntimeName}://{version.RuntimeVersion}";
                await RefreshRuntimeAsync(runtime, ct);
                return;
            }
            catch (CriException ex) when (ex.IsUnavailable && !ct.IsCancellationRequested)
            {
                if (!logged)
                {
                    _logger.LogInformation("waiting for the container runtime: {Reason}", ex.Message);
                    logged = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    private async Task RefreshRuntimeAsync(IRuntimeService runtime, CancellationToken ct)
    {
        try
        {
            _runtimeReadiness = await runtime.StatusAsync(ct);
        }
        catch (CriException ex)
        {
            _runtimeReadiness = new RuntimeReadiness(false, false, ex.Message);
        }
    }

    private static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    /// <summary>
    /// Once a second: the runtime's status, a relist that finds the pods whose containers changed, and the pods due
    /// for a sync of their own (waiting containers, probes, the periodic resync); every ten seconds the routes to
    /// other nodes and the runtime's orphans.
    /// </summary>
    private async Task ResyncLoopAsync(Informer<V1Pod, V1PodList> pods, WorkQueue queue, IRuntimeService runtime, PodSyncer syncer,
        Informer<V1Node, V1NodeList> nodes, CancellationToken ct)
    {
        var events = new PodLifecycleEvents();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var tick = 0;
        while (await timer.WaitForNextTickAsync(ct))
        {
            var wasReady = NetworkReady;
            await RefreshRuntimeAsync(runtime, ct);
            if (!wasReady && NetworkReady)
            {
                _logger.LogInformation("pod network ready: the runtime's network plugin is initialized");
            }
            RelistChanges? relist = null;
            try
            {
                relist = events.Compare(await runtime.RelistAsync(ct));
            }
            catch (CriException ex) when (!ct.IsCancellationRequested)
            {
                _logger.LogWarning("relist of the runtime's pods failed: {Reason}", ex.Message);
            }
            var now = DateTime.UtcNow;
            foreach (var pod in pods.Cache.List())
            {
                if (relist?.Changed.Contains(pod.Metadata.Uid) == true || syncer.IsDue(pod.Metadata.Uid, now))
                {
                    queue.Add(Key(pod));
                }
            }
            if (++tick % 10 == 0)
            {
                try
                {
                    await SyncNetworkAsync(nodes.Cache.List(), ct);
                    if (relist is not null)
                    {
                        await RemoveOrphansAsync(relist.Present, syncer, pods, ct);
                    }
                }
                catch (Exception ex) when (ex is NetworkPluginException or CriException)
                {
                    _logger.LogWarning("periodic network and orphan sync failed: {Reason}", ex.Message);
                }
            }
        }
    }

    private void OnNodesChanged(Informer<V1Node, V1NodeList> nodes, Informer<V1Pod, V1PodList> pods, WorkQueue queue, IRuntimeService runtime)
    {
        var wasReady = NetworkReady;
        _ = Task.Run(async () =>
        {
            try
            {
                await SyncNetworkAsync(nodes.Cache.List(), CancellationToken.None);
                await RefreshRuntimeAsync(runtime, CancellationToken.None);
                if (!wasReady && NetworkReady)
                {
                    foreach (var pod in pods.Cache.List())
                    {
                        queue.Add(Key(pod));
                    }
                }
            }
            catch (Exception ex) when (ex is NetworkPluginException or InvalidOperationException or IOException)
            {
                _logger.LogWarning("pod network sync failed: {Reason}", ex.Message);
            }
        });
    }

    /// <summary>The runtime's network config for this node's podCIDR, and a route to every other node's podCIDR via that node.</summary>
    private async Task SyncNetworkAsync(IReadOnlyList<V1Node> nodes, CancellationToken ct)
    {
        if (!await UsePodCidrAsync(nodes.FirstOrDefault(n => n.Metadata.Name == options.NodeName), ct))
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

    /// <summary>
    /// Writes the CNI network config for this node's podCIDR where the runtime reads it (it picks it up by itself);
    /// false while the node has no podCIDR yet.
    /// </summary>
    private async Task<bool> UsePodCidrAsync(V1Node? self, CancellationToken ct)
    {
        if (self?.Spec?.PodCIDR is not { Length: > 0 } cidr)
        {
            return false;
        }
        if (_networkConfig is null || _networkConfig.PodCidr.ToString() != cidr)
        {
            var config = new NetworkConfig(IPNetwork.Parse(cidr), options.ClusterCidr);
            await CniConflist.WriteAsync(config, options.CniConfigFile, ct);
            _networkConfig = config;
            _logger.LogInformation("pod network config for podCIDR {Cidr} written to {File}", cidr, options.CniConfigFile);
        }
        return true;
    }

    /// <summary>Pods the runtime still runs but the API no longer binds here (deleted while the kubelet was away).</summary>
    private static async Task RemoveOrphansAsync(IRuntimeService runtime, PodSyncer syncer, Informer<V1Pod, V1PodList> pods, CancellationToken ct) =>
        await RemoveOrphansAsync((await runtime.RelistAsync(ct)).Select(e => e.PodUid).ToHashSet(), syncer, pods, ct);

    private static async Task RemoveOrphansAsync(IReadOnlySet<string> runtimePods, PodSyncer syncer, Informer<V1Pod, V1PodList> pods, CancellationToken ct)
    {
        var live = pods.Cache.List().Select(p => p.Metadata.Uid).ToHashSet();
        foreach (var uid in runtimePods.Where(u => !live.Contains(u)))
        {
            await syncer.StopAndRemoveAsync(uid, TimeSpan.FromSeconds(2), ct);
        }
    }
}
