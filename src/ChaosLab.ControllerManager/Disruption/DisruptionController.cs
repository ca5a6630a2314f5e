using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Disruption;

/// <summary>
/// Keeps every PodDisruptionBudget's status in step with its pods (upstream's disruption controller): pod and
/// budget events feed a queue of budget keys; <see cref="SyncAsync"/> computes expectedPods from the pods'
/// controllers' scale, currentHealthy, desiredHealthy, disruptionsAllowed and the DisruptionAllowed condition,
/// and drops recorded evictions once their pods are terminating or the eviction has lapsed.
/// </summary>
internal sealed class DisruptionController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1PodDisruptionBudget, V1PodDisruptionBudgetList> _budgets;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly Informer<V1ReplicaSet, V1ReplicaSetList> _replicaSets;
    private readonly Informer<V1Deployment, V1DeploymentList> _deployments;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public DisruptionController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("disruption-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _budgets = context.Informers.PodDisruptionBudgets();
        _pods = context.Informers.Pods();
        _replicaSets = context.Informers.ReplicaSets();
        _deployments = context.Informers.Deployments();
        _budgets.AddEventHandler(Enqueue, (_, pdb) => Enqueue(pdb), Enqueue);
        _pods.AddEventHandler(EnqueueCovering, (old, pod) =>
        {
            EnqueueCovering(pod);
            if (!ObjectJson.SemanticallyEqual(old.Metadata.Labels, pod.Metadata.Labels))
            {
                EnqueueCovering(old);
            }
        }, EnqueueCovering);
        // A scale change moves expectedPods before any pod changes.
        _replicaSets.AddEventHandler(onUpdate: (old, rs) => EnqueueNamespaceOnScale(old.Spec?.Replicas, rs.Spec?.Replicas, rs.Metadata.NamespaceProperty));
        _deployments.AddEventHandler(onUpdate: (old, d) => EnqueueNamespaceOnScale(old.Spec?.Replicas, d.Spec?.Replicas, d.Metadata.NamespaceProperty));
    }

    public string Name => "disruption";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _budgets.WaitForSyncAsync(cancellationToken),
            _pods.WaitForSyncAsync(cancellationToken),
            _replicaSets.WaitForSyncAsync(cancellationToken),
            _deployments.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, 1, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        if (_budgets.Cache.Get(key) is not { } pdb)
        {
            return;
        }
        try
        {
            await TrySyncAsync(key, pdb, ct);
        }
        catch (Exception ex) when (!ApiErrors.IsConflict(ex) && !ApiErrors.IsNotFound(ex) && ex is not OperationCanceledException)
        {
            _logger.LogWarning("poddisruptionbudget {Key}: {Error}; no disruptions allowed until it syncs", key, ex.Message);
            await FailSafeAsync(pdb, ex.Message, ct);
            throw;
        }
    }

    private async Task TrySyncAsync(string key, V1PodDisruptionBudget pdb, CancellationToken ct)
    {
        var now = _context.Time.GetUtcNow();
        var pods = PodsOf(pdb);
        var spec = pdb.Spec ?? new V1PodDisruptionBudgetSpec();
        var scale = DisruptionBudgetMath.NeedsScale(spec) ? await ExpectedScaleAsync(pods, ct) : 0;
        var (expected, desiredHealthy) = DisruptionBudgetMath.Desired(spec, pods.Count, scale);
        var disrupted = DisruptionBudgetMath.StandingDisruptions(pdb.Status?.DisruptedPods, pods, now, out var recheckAt);
        var currentHealthy = DisruptionBudgetMath.CountHealthy(pods, disrupted);
        var status = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = currentHealthy,
            DesiredHealthy = desiredHealthy,
            ExpectedPods = expected,
            DisruptionsAllowed = DisruptionBudgetMath.DisruptionsAllowed(currentHealthy, desiredHealthy, expected),
            DisruptedPods = disrupted.Count == 0 ? null : disrupted,
            ObservedGeneration = pdb.Metadata.Generation,
            Conditions = pdb.Status?.Conditions is { } conditions ? ObjectJson.Clone(conditions) : null,
        };
        DisruptionAllowedCondition.FromAllowed(status, now);
        if (!Changed(pdb.Status, status))
        {
            ScheduleRecheck(key, recheckAt, now);
            return;
        }
        var updated = ObjectJson.Clone(pdb);
        updated.Status = status;
        await _context.Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(updated, pdb.Metadata.Name, pdb.Metadata.NamespaceProperty, cancellationToken: ct);
        ScheduleRecheck(key, recheckAt, now);
    }

    private void ScheduleRecheck(string key, DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is { } when)
        {
            _queue.AddAfter(key, when - now + TimeSpan.FromSeconds(1));
        }
    }

    private static bool Changed(V1PodDisruptionBudgetStatus? old, V1PodDisruptionBudgetStatus updated) =>
        old is null
        || old.CurrentHealthy != updated.CurrentHealthy
        || old.DesiredHealthy != updated.DesiredHealthy
        || old.ExpectedPods != updated.ExpectedPods
        || old.DisruptionsAllowed != updated.DisruptionsAllowed
        || (old.DisruptedPods?.Count ?? 0) != (updated.DisruptedPods?.Count ?? 0)
        || old.ObservedGeneration != updated.ObservedGeneration
        || !DisruptionAllowedCondition.UpToDate(old);

    /// <summary>Upstream's failSafe: a budget whose status cannot be computed allows no disruption.</summary>
    private async Task FailSafeAsync(V1PodDisruptionBudget cached, string error, CancellationToken ct)
    {
        var pdb = ObjectJson.Clone(cached);
        var status = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        status.DisruptionsAllowed = 0;
        DisruptionAllowedCondition.Set(status, "False", "SyncFailed", error, _context.Time.GetUtcNow());
        pdb.Status = status;
        try
        {
            await _context.Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(pdb, pdb.Metadata.Name, pdb.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex) || ApiErrors.IsNotFound(ex))
        {
            // The retry of the sync will look again.
        }
    }

    private List<V1Pod> PodsOf(V1PodDisruptionBudget pdb) =>
        pdb.Spec?.Selector is not { } selector
            ? []
            : [.. _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, pdb.Metadata.NamespaceProperty).Where(p => LabelSelectors.Matches(selector, p.Metadata.Labels))];

    /// <summary>The sum of the replicas of the pods' controllers, each counted once (a Deployment for its ReplicaSets' pods).</summary>
    private async Task<int> ExpectedScaleAsync(IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        var scaleOf = new Dictionary<string, (string Uid, int Replicas)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (OwnerReferences.ControllerOf(pod.Metadata) is not { } owner || scaleOf.ContainsKey(owner.Uid))
            {
                continue; // unmanaged pods do not count towards the scale, as upstream
            }
            scaleOf[owner.Uid] = await ControllerScaleAsync(owner, pod.Metadata.NamespaceProperty, ct)
                ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata.Name}\"");
        }
        return scaleOf.Values.DistinctBy(s => s.Uid).Sum(s => s.Replicas);
    }

    private async Task<(string Uid, int Replicas)?> ControllerScaleAsync(V1OwnerReference owner, string ns, CancellationToken ct)
    {
        switch (owner.Kind)
        {
            case "ReplicaSet" when owner.ApiVersion.StartsWith("apps/", StringComparison.Ordinal):
                if (_replicaSets.Cache.Get(ns, owner.Name) is not { } rs || rs.Metadata.Uid != owner.Uid)
                {
                    return null;
                }
                if (OwnerReferences.ControllerOf(rs.Metadata) is { Kind: "Deployment" } dref
                    && _deployments.Cache.Get(ns, dref.Name) is { } deployment && deployment.Metadata.Uid == dref.Uid)
                {
                    return (deployment.Metadata.Uid, deployment.Spec?.Replicas ?? 1);
                }
                return (rs.Metadata.Uid, rs.Spec?.Replicas ?? 1);
            case "StatefulSet" when owner.ApiVersion.StartsWith("apps/", StringComparison.Ordinal):
                var sts = await ReadOrNull(() => _context.Client.AppsV1.ReadNamespacedStatefulSetAsync(owner.Name, ns, cancellationToken: ct));
                return sts is not null && sts.Metadata.Uid == owner.Uid ? (sts.Metadata.Uid, sts.Spec?.Replicas ?? 1) : null;
            case "ReplicationController" when owner.ApiVersion == "v1":
                var rc = await ReadOrNull(() => _context.Client.CoreV1.ReadNamespacedReplicationControllerAsync(owner.Name, ns, cancellationToken: ct));
                return rc is not null && rc.Metadata.Uid == owner.Uid ? (rc.Metadata.Uid, rc.Spec?.Replicas ?? 1) : null;
            default:
                return null;
        }
    }

    private static async Task<T?> ReadOrNull<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    private void Enqueue(V1PodDisruptionBudget pdb) => _queue.Add(ObjectKey.Of(pdb));

    private void EnqueueCovering(V1Pod pod)
    {
        foreach (var pdb in _budgets.Cache.ByIndex(InformerFactory.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (pdb.Spec?.Selector is { } selector && LabelSelectors.Matches(selector, pod.Metadata.Labels))
            {
                Enqueue(pdb);
            }
        }
    }

    private void EnqueueNamespaceOnScale(int? before, int? after, string ns)
    {
        if (before == after)
        {
            return;
        }
        foreach (var pdb in _budgets.Cache.ByIndex(InformerFactory.NamespaceIndex, ns))
        {
            Enqueue(pdb);
        }
    }
}
