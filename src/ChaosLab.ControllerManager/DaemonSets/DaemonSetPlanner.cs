using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.DaemonSets;

/// <summary>
/// The DaemonSet controller's decision, free of I/O (upstream's manage + rollingUpdate + updateDaemonSetStatus):
/// one pod on every node that should run one, none elsewhere, old-revision pods replaced within maxUnavailable
/// (or, with maxSurge, started beside the old one first), and the status counts.
/// </summary>
internal static class DaemonSetPlanner
{
    public static DaemonSetPlan Plan(V1DaemonSet ds, IEnumerable<V1Node> nodes, IEnumerable<V1Pod> podsInNamespace, string revisionHash, bool manage, DateTimeOffset now)
    {
        var selector = ds.Spec?.Selector;
        var claims = ControllerRefClaims.Classify<V1Pod>(ds.Metadata, p => LabelSelectors.Matches(selector, p.Metadata?.Labels), podsInNamespace);
        var byNode = claims.Owned.Concat(claims.ToAdopt)
            .Select(p => (Pod: p, Node: DaemonPods.TargetNode(p)))
            .Where(x => x.Node is not null)
            .GroupBy(x => x.Node!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Pod).ToList(), StringComparer.Ordinal);
        var spec = DaemonPods.SpecWithTolerations(ds);
        var minReady = ds.Spec?.MinReadySeconds ?? 0;

        var create = new List<string>();
        var delete = new List<V1Pod>();
        var eligible = new List<(string Node, List<V1Pod> Pods)>();
        var misscheduled = 0;
        foreach (var node in nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var (shouldRun, shouldContinue) = NodeEligibility.Check(node, spec);
            var pods = byNode.GetValueOrDefault(node.Metadata.Name) ?? [];
            var active = pods.Where(p => !PodState.IsTerminating(p)).ToList();
            if (shouldRun)
            {
                eligible.Add((node.Metadata.Name, active));
            }
            else if (active.Count > 0)
            {
                misscheduled++;
            }
            if (!manage || ds.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (shouldRun)
            {
                // A failed daemon pod is deleted and replaced on the next sync, as upstream does.
                var failed = active.Where(p => p.Status?.Phase == "Failed").ToList();
                delete.AddRange(failed);
                var running = active.Except(failed).ToList();
                if (running.Count == 0 && !pods.Any(PodState.IsTerminating))
                {
                    create.Add(node.Metadata.Name);
                }
                else if (running.Count > 1)
                {
                    delete.AddRange(Surplus(running, revisionHash, ds.Spec?.UpdateStrategy?.Type == "RollingUpdate" && MaxSurge(ds, 1) > 0));
                }
            }
            else if (!shouldContinue)
            {
                delete.AddRange(active);
            }
        }
        // Nodes that no longer exist keep no pods either.
        var known = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (node, pods) in byNode.Where(kv => !known.Contains(kv.Key)))
        {
            if (manage) delete.AddRange(pods.Where(p => !PodState.IsTerminating(p)));
        }

        if (manage && create.Count == 0 && delete.Count == 0 && ds.Spec?.UpdateStrategy?.Type == "RollingUpdate")
        {
            RollingUpdate(ds, eligible, revisionHash, minReady, now, create, delete);
        }

        var status = Status(ds, eligible, misscheduled, revisionHash, minReady, now);
        var nextCheck = eligible.SelectMany(e => e.Pods).Select(p => PodState.AvailableAt(p, minReady, now)).Where(t => t is not null).Min();
        return new DaemonSetPlan(
            claims.ToAdopt, claims.ToRelease, create, delete,
            ObjectJson.SemanticallyEqual(status, ds.Status) ? null : status,
            nextCheck is { } at ? at - now + TimeSpan.FromSeconds(1) : null);
    }

    /// <summary>
    /// Upstream's rollingUpdate. Without surge: delete old pods that are unavailable anyway, then old available
    /// ones while fewer than maxUnavailable nodes lack an available pod. With surge: start a new pod beside an old
    /// available one (up to maxSurge at a time) and delete the old pod once the new one is available.
    /// </summary>
    private static void RollingUpdate(V1DaemonSet ds, List<(string Node, List<V1Pod> Pods)> eligible, string hash, int minReady, DateTimeOffset now, List<string> create, List<V1Pod> delete)
    {
        var desired = eligible.Count;
        var maxSurge = MaxSurge(ds, desired);
        var maxUnavailable = IntOrPercent.Scaled(ds.Spec?.UpdateStrategy?.RollingUpdate?.MaxUnavailable, desired, roundUp: true, whenUnset: 1);
        bool IsNew(V1Pod p) => p.Metadata.Labels.Lookup(DaemonPods.RevisionHashLabel) == hash;
        bool Available(V1Pod p) => PodState.IsAvailable(p, minReady, now);
        if (maxSurge == 0)
        {
            var unavailable = eligible.Count(e => !e.Pods.Any(Available));
            foreach (var (_, pods) in eligible)
            {
                var old = pods.Where(p => !IsNew(p)).ToList();
                if (old.Count == 0) continue;
                if (!old.Any(Available))
                {
                    delete.AddRange(old);
                }
            }
            foreach (var (_, pods) in eligible)
            {
                var old = pods.Where(p => !IsNew(p)).ToList();
                if (old.Count == 0 || !old.Any(Available)) continue;
                if (unavailable >= maxUnavailable) break;
                delete.AddRange(old);
                unavailable++;
            }
            return;
        }
        var surging = eligible.Count(e => e.Pods.Any(IsNew) && e.Pods.Any(p => !IsNew(p)));
        foreach (var (node, pods) in eligible)
        {
            var old = pods.Where(p => !IsNew(p)).ToList();
            if (old.Count == 0) continue;
            var fresh = pods.Where(IsNew).ToList();
            if (fresh.Count == 0)
            {
                if (!old.Any(Available)) delete.AddRange(old);
                else if (surging < maxSurge)
                {
                    create.Add(node);
                    surging++;
                }
            }
            else if (fresh.Any(Available))
            {
                delete.AddRange(old);
            }
        }
    }

    private static int MaxSurge(V1DaemonSet ds, int desired) =>
        ds.Spec?.UpdateStrategy?.RollingUpdate?.MaxSurge is { } surge ? IntOrPercent.Scaled(surge, desired, roundUp: true, whenUnset: 0) : 0;

    /// <summary>Of several pods on one node, the one to keep is the oldest (the newest of the current revision while surging).</summary>
    private static IEnumerable<V1Pod> Surplus(List<V1Pod> pods, string hash, bool surging)
    {
        if (surging && pods.Count == 2 && pods.Count(p => p.Metadata.Labels.Lookup(DaemonPods.RevisionHashLabel) == hash) == 1)
        {
            return [];
        }
        return pods.OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MaxValue).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal).Skip(1);
    }

    private static V1DaemonSetStatus Status(V1DaemonSet ds, List<(string Node, List<V1Pod> Pods)> eligible, int misscheduled, string hash, int minReady, DateTimeOffset now)
    {
        var desired = eligible.Count;
        var scheduled = eligible.Where(e => e.Pods.Count > 0).ToList();
        var available = eligible.Count(e => e.Pods.Any(p => PodState.IsAvailable(p, minReady, now)));
        return new V1DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = scheduled.Count,
            NumberMisscheduled = misscheduled,
            NumberReady = eligible.Count(e => e.Pods.Any(PodState.IsReady)),
            UpdatedNumberScheduled = eligible.Count(e => e.Pods.Any(p => p.Metadata.Labels.Lookup(DaemonPods.RevisionHashLabel) == hash)),
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            ObservedGeneration = ds.Metadata.Generation,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }
}
