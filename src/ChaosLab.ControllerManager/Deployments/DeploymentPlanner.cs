using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>
/// The deployment controller's decision for one sync (upstream's syncDeployment and its rolling,
/// recreate and scaling paths), free of I/O. It works on copies of the deployment and its ReplicaSets
/// the way upstream works on the objects its API calls return, and reports the writes as a plan.
/// One sync moves a rolling update by one step; the ReplicaSet updates it causes trigger the next.
/// </summary>
internal sealed partial class DeploymentPlanner
{
    private readonly V1Deployment _original;
    private readonly V1Deployment _d;
    private readonly DateTimeOffset _now;
    private readonly IReadOnlyList<V1Pod> _pods;
    private readonly List<V1ReplicaSet> _sets;
    private readonly HashSet<V1ReplicaSet> _changed = new(ReferenceEqualityComparer.Instance);
    private readonly List<V1ReplicaSet> _deletes = [];
    private V1ReplicaSet? _created;

    private DeploymentPlanner(V1Deployment d, IEnumerable<V1ReplicaSet> owned, IEnumerable<V1Pod> pods, DateTimeOffset now)
    {
        _original = d;
        _d = ObjectJson.Clone(d);
        _d.Status ??= new V1DeploymentStatus();
        _now = now;
        _pods = [.. pods];
        _sets = [.. owned.Select(ObjectJson.Clone)];
    }

    /// <param name="replicaSetsInNamespace">All ReplicaSets of the deployment's namespace (for adoption).</param>
    /// <param name="podsInNamespace">Pods of the namespace; only Recreate looks at them (old pods must be gone).</param>
    public static DeploymentPlan Plan(V1Deployment d, IEnumerable<V1ReplicaSet> replicaSetsInNamespace, IEnumerable<V1Pod> podsInNamespace, DateTimeOffset now)
    {
        now = WholeSeconds.Of(now);
        var claims = ControllerRefClaims.Classify<V1ReplicaSet>(
            d.Metadata, rs => LabelSelectors.Matches(d.Spec?.Selector, rs.Metadata.Labels), replicaSetsInNamespace);
        var planner = new DeploymentPlanner(d, claims.Owned.Concat(claims.ToAdopt), podsInNamespace, now);
        var status = planner.Run();
        return planner.Result(claims, status);
    }

    private V1DeploymentStatus Run()
    {
        var selector = _d.Spec?.Selector;
        if ((selector?.MatchLabels?.Count ?? 0) == 0 && (selector?.MatchExpressions?.Count ?? 0) == 0)
        {
            // A deployment selecting everything would fight every other controller: only record that we saw it.
            var observed = ObjectJson.Clone(_d.Status);
            observed.ObservedGeneration = _d.Metadata.Generation;
            return observed;
        }
        if (_d.Metadata.DeletionTimestamp is not null)
        {
            var (newRs, old) = FindReplicaSets();
            return DeploymentStatusCalculator.Calculate(All(old, newRs), newRs, _d, _now);
        }
        CheckPausedCondition();
        if (_d.Spec?.Paused == true || IsScalingEvent())
        {
            return SyncScale();
        }
        return RolloutMath.IsRollingUpdate(_d) ? RolloutRolling() : RolloutRecreate();
    }

    /// <summary>kubectl scale or a paused deployment: resize proportionally, never start a new rollout step.</summary>
    private V1DeploymentStatus SyncScale()
    {
        var (newRs, old) = GetAllAndSyncRevision(createIfMissing: false);
        Scale(newRs, old);
        if (_d.Spec?.Paused == true)
        {
            CleanupHistory(old);
        }
        return DeploymentStatusCalculator.Calculate(All(old, newRs), newRs, _d, _now);
    }

    private V1DeploymentStatus RolloutRolling()
    {
        var (newRs, old) = GetAllAndSyncRevision(createIfMissing: true);
        var all = All(old, newRs);
        var scaled = ReconcileNewReplicaSet(all, newRs!) || ReconcileOldReplicaSets(all, [.. RolloutMath.Active(old)], newRs!);
        if (!scaled)
        {
            CleanupHistory(old);
        }
        return DeploymentStatusCalculator.CalculateRollout(all, newRs, _d, _now);
    }

    /// <summary>Recreate: scale every old ReplicaSet to zero, wait until their pods are gone, then create and scale up the new one.</summary>
    private V1DeploymentStatus RolloutRecreate()
    {
        var (newRs, old) = GetAllAndSyncRevision(createIfMissing: false);
        var scaledDown = false;
        foreach (var rs in RolloutMath.Active(old).ToList())
        {
            scaledDown |= ScaleAndRecord(rs, 0);
        }
        if (scaledDown || OldPodsRunning(newRs, old))
        {
            return DeploymentStatusCalculator.CalculateRollout(All(old, newRs), newRs, _d, _now);
        }
        if (newRs is null)
        {
            (newRs, old) = GetAllAndSyncRevision(createIfMissing: true);
        }
        ScaleAndRecord(newRs!, RolloutMath.Replicas(_d));
        if (DeploymentStatusCalculator.IsComplete(_d, _d.Status))
        {
            CleanupHistory(old);
        }
        return DeploymentStatusCalculator.CalculateRollout(All(old, newRs), newRs, _d, _now);
    }

    private void CheckPausedCondition()
    {
        if (!DeploymentStatusCalculator.HasProgressDeadline(_d))
        {
            return;
        }
        var condition = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return;
        }
        var pausedConditionExists = condition?.Reason == DeploymentConditions.DeploymentPaused;
        if (_d.Spec?.Paused == true && !pausedConditionExists)
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(
                DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", _now));
        }
        else if (_d.Spec?.Paused != true && pausedConditionExists)
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(
                DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", _now));
        }
    }

    /// <summary>Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit (default 10).</summary>
    private void CleanupHistory(List<V1ReplicaSet> old)
    {
        var limit = _d.Spec?.RevisionHistoryLimit ?? 10;
        var cleanable = old.Where(rs => rs.Metadata.DeletionTimestamp is null && !ReferenceEquals(rs, _created)).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }
        foreach (var rs in ReplicaSetOrder.Sorted(cleanable, ReplicaSetOrder.ByRevision).Take(diff))
        {
            var stillSettling = (rs.Status?.Replicas ?? 0) != 0 || RolloutMath.Replicas(rs) != 0
                || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0);
            if (!stillSettling)
            {
                _deletes.Add(rs);
            }
        }
    }

    /// <summary>Recreate must not start new pods while any old pod may still run.</summary>
    private bool OldPodsRunning(V1ReplicaSet? newRs, List<V1ReplicaSet> old)
    {
        if (RolloutMath.ActualReplicas(old) > 0)
        {
            return true;
        }
        var oldUids = old.Select(rs => rs.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        return _pods.Any(pod =>
            OwnerReferences.ControllerOf(pod.Metadata)?.Uid is { } uid
            && oldUids.Contains(uid) && uid != newRs?.Metadata.Uid
            && !PodState.IsTerminal(pod));
    }

    private void SetDeploymentRevision(string revision)
    {
        var annotations = _d.Metadata.Annotations ??= new Dictionary<string, string>();
        annotations[DeploymentAnnotations.Revision] = revision;
    }

    private void MarkChanged(V1ReplicaSet rs)
    {
        if (!ReferenceEquals(rs, _created))
        {
            _changed.Add(rs);
        }
    }

    private static List<V1ReplicaSet> All(List<V1ReplicaSet> old, V1ReplicaSet? newRs) =>
        newRs is null ? [.. old] : [.. old, newRs];

    private DeploymentPlan Result(Claims<V1ReplicaSet> claims, V1DeploymentStatus status)
    {
        var revision = RevisionAnnotation(_d);
        var oldRevision = RevisionAnnotation(_original);
        var statusChanged = !ObjectJson.SemanticallyEqual(status, _original.Status);
        var deleted = _deletes.ToHashSet(ReferenceEqualityComparer.Instance);
        return new DeploymentPlan(
            claims.ToAdopt,
            claims.ToRelease,
            _created,
            [.. _sets.Where(rs => _changed.Contains(rs) && !deleted.Contains(rs))],
            _deletes,
            revision is not null && revision != oldRevision ? revision : null,
            statusChanged ? status : null,
            statusChanged ? null : DeploymentStatusCalculator.StuckRecheck(_d, status, _now));
    }

    private static string? RevisionAnnotation(V1Deployment d) =>
        d.Metadata.Annotations is { } annotations && annotations.TryGetValue(DeploymentAnnotations.Revision, out var value) ? value : null;
}
