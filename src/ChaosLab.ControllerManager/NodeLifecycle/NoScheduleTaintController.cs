using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// The node lifecycle controller's condition-to-NoSchedule tainting (upstream's nodeUpdateQueue and
/// doNoScheduleTaintingPass), driven by node events rather than the monitor timer.
/// </summary>
internal sealed class NoScheduleTaintController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Node, V1NodeList> _nodes;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public NoScheduleTaintController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("node-lifecycle-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _nodes = context.Informers.Nodes();
        _nodes.AddEventHandler(Enqueue, (_, node) => Enqueue(node));
    }

    public string Name => "nodelifecycle-noschedule";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _nodes.WaitForSyncAsync(cancellationToken);
        await QueueWorkers.RunAsync(Name, _queue, 4, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string name, CancellationToken ct)
    {
        var node = _nodes.Cache.Get(name);
        var now = _context.Time.GetUtcNow();
        if (node is null || NoScheduleTaints.Reconcile(node, now) is null)
        {
            return;
        }
        if (await NodeTaintWriter.ApplyAsync(_context.Client, name, fresh => NoScheduleTaints.Reconcile(fresh, now), ct))
        {
            _logger.LogInformation("node {Node}: NoSchedule taints now {Taints}", name, string.Join(",", NoScheduleTaints.Desired(node).Order(StringComparer.Ordinal)));
        }
    }

    private void Enqueue(V1Node node)
    {
        if (NoScheduleTaints.Reconcile(node, _context.Time.GetUtcNow()) is not null)
        {
            _queue.Add(ObjectKey.Of(node));
        }
    }
}
