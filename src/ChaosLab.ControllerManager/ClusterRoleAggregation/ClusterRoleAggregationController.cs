using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.ClusterRoleAggregation;

/// <summary>
/// Upstream's clusterrole-aggregation controller: keeps the rules of every ClusterRole with an aggregationRule (admin,
/// edit, view, ...) equal to the rules of the ClusterRoles its selectors match. Any ClusterRole change requeues every
/// aggregated role, since a label or rule change anywhere may change what they gather.
/// </summary>
internal sealed class ClusterRoleAggregationController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1ClusterRole, V1ClusterRoleList> _roles;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public ClusterRoleAggregationController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("clusterrole-aggregation-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _roles = context.Informers.ClusterRoles();
        _roles.AddEventHandler(_ => EnqueueAggregated(), (_, _) => EnqueueAggregated(), _ => EnqueueAggregated());
    }

    public string Name => "clusterrole-aggregation";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _roles.WaitForSyncAsync(cancellationToken);
        EnqueueAggregated();
        await QueueWorkers.RunAsync(Name, _queue, 1, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    private void EnqueueAggregated()
    {
        foreach (var role in _roles.Cache.List().Where(r => r.AggregationRule is not null))
        {
            _queue.Add(role.Metadata.Name);
        }
    }

    internal async Task SyncAsync(string name, CancellationToken ct)
    {
        if (_roles.Cache.Get(name) is not { AggregationRule: not null } role)
        {
            return;
        }
        var rules = AggregatedRules.Compute(role, _roles.Cache.List());
        if (AggregatedRules.SameRules(role.Rules, rules))
        {
            return;
        }
        var patch = new V1Patch(new { rules }, V1Patch.PatchType.MergePatch);
        try
        {
            await _context.Client.RbacAuthorizationV1.PatchClusterRoleAsync(patch, name, cancellationToken: ct);
            _logger.LogInformation("ClusterRole {Name}: aggregated {Count} rules", name, rules.Count);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
        }
    }
}
