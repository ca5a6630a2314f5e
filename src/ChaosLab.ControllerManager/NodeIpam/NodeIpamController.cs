using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.NodeIpam;

/// <summary>
/// Gives every node spec.podCIDR/podCIDRs from --cluster-cidr (only with --allocate-node-cidrs, as
/// upstream). Before handing anything out it marks the CIDRs of all existing nodes taken.
/// </summary>
internal sealed class NodeIpamController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Node, V1NodeList> _nodes;
    private readonly RangeAllocator _allocator;
    private readonly Lock _gate = new();
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    // CIDRs written to a node that the informer has not shown yet: a second sync in that window must
    // write the same ones again, not allocate fresh ones.
    private readonly ConcurrentDictionary<string, (string Uid, IReadOnlyList<string> Cidrs)> _pending = new(StringComparer.Ordinal);

    public NodeIpamController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("node-ipam-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _allocator = new RangeAllocator([.. context.Options.ClusterCidrs.Select(c => new CidrSet(c, context.Options.MaskSizeFor(c)))]);
        _nodes = context.Informers.Nodes();
    }

    public string Name => "nodeipam";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _nodes.WaitForSyncAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var node in _nodes.Cache.List())
            {
                foreach (var foreign in _allocator.Occupy(node))
                {
                    _logger.LogWarning("node {Node}: pod CIDR {Cidr} is outside --cluster-cidr; left alone", node.Metadata.Name, foreign);
                }
            }
        }
        _nodes.AddEventHandler(EnqueueIfMissing, (_, node) => EnqueueIfMissing(node), OnNodeDeleted);
        _logger.LogInformation("node ipam: allocating /{Mask} pod CIDRs from {Cidrs}",
            string.Join(",", _allocator.Sets.Select(s => s.NodeMaskSize)), string.Join(",", _allocator.Sets.Select(s => s.Cluster)));
        // One worker: allocations are serialised anyway, and order keeps them predictable.
        await QueueWorkers.RunAsync(Name, _queue, 1, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string name, CancellationToken ct)
    {
        var node = _nodes.Cache.Get(name);
        if (node is null)
        {
            return;
        }
        if (RangeAllocator.CidrsOf(node).Count > 0)
        {
            lock (_gate)
            {
                _allocator.Occupy(node);
            }
            _pending.TryRemove(name, out _);
            return;
        }
        IReadOnlyList<string>? cidrs;
        if (_pending.TryGetValue(name, out var pending) && pending.Uid == node.Metadata.Uid)
        {
            cidrs = pending.Cidrs;
        }
        else
        {
            lock (_gate)
            {
                cidrs = _allocator.Allocate();
            }
            if (cidrs is null)
            {
                _logger.LogError("node {Node}: no pod CIDR left in {Cidrs}", name, string.Join(",", _allocator.Sets.Select(s => s.Cluster)));
                throw new InvalidOperationException("pod CIDRs exhausted");
            }
            _pending[name] = (node.Metadata.Uid, cidrs);
        }
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["podCIDR"] = cidrs[0],
                ["podCIDRs"] = new JsonArray([.. cidrs.Select(c => (JsonNode?)JsonValue.Create(c))]),
            },
        };
        try
        {
            await _context.Client.CoreV1.PatchNodeAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, cancellationToken: ct);
            _logger.LogInformation("node {Node}: pod CIDR {Cidrs}", name, string.Join(",", cidrs));
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            Forget(name);
        }
    }

    private void EnqueueIfMissing(V1Node node)
    {
        if (RangeAllocator.CidrsOf(node).Count == 0)
        {
            _queue.Add(node.Metadata.Name);
        }
        else
        {
            _pending.TryRemove(node.Metadata.Name, out _);
        }
    }

    private void OnNodeDeleted(V1Node node)
    {
        var cidrs = RangeAllocator.CidrsOf(node);
        lock (_gate)
        {
            _allocator.Release(cidrs);
        }
        Forget(node.Metadata.Name);
    }

    private void Forget(string name)
    {
        if (_pending.TryRemove(name, out var pending))
        {
            lock (_gate)
            {
                _allocator.Release(pending.Cidrs);
            }
        }
    }
}
