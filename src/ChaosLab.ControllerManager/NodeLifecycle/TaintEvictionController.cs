using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// Deletes pods from nodes with NoExecute taints once their tolerations run out (upstream's
/// taint-eviction-controller). Works on a queue of pod keys: a pod whose time has not come is
/// re-queued for the moment it does.
/// </summary>
internal sealed class TaintEvictionController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Node, V1NodeList> _nodes;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    // When this controller first saw a taint that carries no timeAdded (ours always do).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    public TaintEvictionController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("taint-eviction-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _nodes = context.Informers.Nodes();
        _pods = context.Informers.Pods();
        _nodes.AddEventHandler(OnNodeChanged, (old, node) =>
        {
            if (!ObjectJson.SemanticallyEqual(NoExecute(old), NoExecute(node)))
            {
                OnNodeChanged(node);
            }
        });
        _pods.AddEventHandler(EnqueueIfOnTaintedNode, (_, pod) => EnqueueIfOnTaintedNode(pod));
    }

    public string Name => "taint-eviction-controller";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_nodes.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, 8, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var pod = _pods.Cache.Get(key);
        if (pod?.Spec?.NodeName is not { Length: > 0 } nodeName)
        {
            return;
        }
        var node = _nodes.Cache.Get(nodeName);
        var now = _context.Time.GetUtcNow();
        var decision = EvictionDecision.For(pod, node, taint => taint.TimeAdded is { } added
            ? PodState.Utc(added)
            : _firstSeen.GetOrAdd($"{nodeName}/{taint.Key}/{taint.Value}", now));
        if (decision.EvictAt is not { } at)
        {
            return;
        }
        if (at > now)
        {
            _queue.AddAfter(key, at - now);
            return;
        }
        await EvictAsync(pod, nodeName, now, ct);
    }

    private async Task EvictAsync(V1Pod pod, string nodeName, DateTimeOffset now, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        _logger.LogInformation("pod {Namespace}/{Pod}: deleting, NoExecute taint on node {Node} not tolerated (any longer)", ns, name, nodeName);
        try
        {
            // Tell whoever looks at the pod why it is going (DisruptionTarget, as upstream since 1.26).
            var condition = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "DisruptionTarget",
                        ["status"] = "True",
                        ["reason"] = "DeletionByTaintManager",
                        ["message"] = "Taint manager: deleting due to NoExecute taint",
                        ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    }),
                },
            };
            await _context.Client.CoreV1.PatchNamespacedPodStatusAsync(
                new V1Patch(condition.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: ct);
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(name, ns,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: ct);
            _context.Metrics.Increment("taint_eviction_controller_pod_deletions_total");
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
        }
    }

    private void OnNodeChanged(V1Node node)
    {
        if (NoExecute(node).Count == 0)
        {
            return;
        }
        foreach (var pod in _pods.Cache.ByIndex(InformerFactory.PodNodeNameIndex, node.Metadata.Name))
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    private void EnqueueIfOnTaintedNode(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { Length: > 0 } nodeName && _nodes.Cache.Get(nodeName) is { } node && NoExecute(node).Count > 0)
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    private static List<V1Taint> NoExecute(V1Node node) =>
        node.Spec?.Taints?.Where(t => t.Effect == NodeTaints.NoExecute).ToList() ?? [];
}
