using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>What the tracker concluded about one node in one monitor pass.</summary>
/// <param name="ObservedReady">The Ready condition as the node carried it (a synthetic Unknown if it had none).</param>
/// <param name="CurrentReady">The Ready condition after this pass (Unknown if the grace period ran out).</param>
/// <param name="StatusUpdate">The node with conditions set to Unknown, to write with UpdateStatus; null if nothing to write.</param>
internal sealed record NodeHealthObservation(V1NodeCondition ObservedReady, V1NodeCondition CurrentReady, V1Node? StatusUpdate);

/// <summary>
/// Heartbeat tracking of upstream's tryUpdateNodeHealth. The probe time is this process's clock at the
/// moment it saw the Ready condition's lastHeartbeatTime change or the node's Lease renewTime advance;
/// never the kubelet's clock. Once probe + grace has passed, Ready, MemoryPressure, DiskPressure and
/// PIDPressure become Unknown ("Kubelet stopped posting node status."). Pure: the caller passes the time.
/// </summary>
internal sealed class NodeHealthTracker(TimeSpan gracePeriod, TimeSpan startupGracePeriod)
{
    private readonly Dictionary<string, Health> _health = new(StringComparer.Ordinal);

    public NodeHealthObservation Observe(V1Node node, V1Lease? lease, DateTimeOffset now)
    {
        var name = node.Metadata.Name;
        var created = node.Metadata.CreationTimestamp is { } c ? PodState.Utc(c) : now;
        _health.TryGetValue(name, out var health);
        var currentReady = NodeConditions.Get(node, NodeConditions.Ready);
        V1NodeCondition observedReady;
        TimeSpan grace;
        if (currentReady is null)
        {
            // Never posted: judge from the creation time, with the longer startup grace.
            observedReady = new V1NodeCondition
            {
                Type = NodeConditions.Ready,
                Status = "Unknown",
                LastHeartbeatTime = created.UtcDateTime,
                LastTransitionTime = created.UtcDateTime,
            };
            grace = startupGracePeriod;
            health ??= new Health(created, created, null, null);
        }
        else
        {
            observedReady = currentReady with { };
            grace = gracePeriod;
        }

        var saved = health?.ReadyCondition;
        if (health is null || (saved is null && currentReady is not null) || (saved is not null && currentReady is null))
        {
            // First sight (e.g. after a leader change): start the grace period now rather than trust old timestamps.
            health = new Health(now, now, currentReady, health?.LeaseRenewTime);
        }
        else if (saved is not null && currentReady is not null && saved.LastHeartbeatTime != currentReady.LastHeartbeatTime)
        {
            var transition = saved.LastTransitionTime != currentReady.LastTransitionTime ? now : health.ReadyTransition;
            health = new Health(now, transition, currentReady, health.LeaseRenewTime);
        }
        var renewed = lease?.Spec?.RenewTime;
        if (renewed is not null && (health.LeaseRenewTime is null || health.LeaseRenewTime < renewed))
        {
            health = health with { Probe = now, LeaseRenewTime = renewed };
        }
        _health[name] = health;

        if (now <= health.Probe + grace)
        {
            return new NodeHealthObservation(observedReady, currentReady ?? observedReady, null);
        }
        var updated = WithUnknownConditions(node, created, now);
        var newReady = NodeConditions.Get(updated, NodeConditions.Ready)!;
        if (ObjectJson.SemanticallyEqual(newReady, observedReady))
        {
            return new NodeHealthObservation(observedReady, newReady, null);
        }
        _health[name] = health with { ReadyTransition = now };
        return new NodeHealthObservation(observedReady, newReady, updated);
    }

    /// <summary>
    /// Leaving full disruption: every node gets a fresh grace period, since nobody could post while the
    /// control plane (or its network) was cut off.
    /// </summary>
    public void ResetProbeTimes(DateTimeOffset now)
    {
        foreach (var name in _health.Keys.ToList())
        {
            _health[name] = _health[name] with { Probe = now, ReadyTransition = now };
        }
    }

    public void Forget(string nodeName) => _health.Remove(nodeName);

    private static V1Node WithUnknownConditions(V1Node node, DateTimeOffset created, DateTimeOffset now)
    {
        now = WholeSeconds.Of(now);
        var copy = node with { Status = ObjectJson.Clone(node.Status ?? new V1NodeStatus()) };
        copy.Status.Conditions ??= [];
        foreach (var type in NodeConditions.KubeletOwned)
        {
            var condition = copy.Status.Conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                copy.Status.Conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = "NodeStatusNeverUpdated",
                    Message = "Kubelet never posted node status.",
                    LastHeartbeatTime = created.UtcDateTime,
                    LastTransitionTime = now.UtcDateTime,
                });
            }
            else if (condition.Status != "Unknown")
            {
                condition.Status = "Unknown";
                condition.Reason = "NodeStatusUnknown";
                condition.Message = "Kubelet stopped posting node status.";
                condition.LastTransitionTime = now.UtcDateTime;
            }
        }
        return copy;
    }

    /// <param name="Probe">Local time of the last sign of life.</param>
    /// <param name="ReadyTransition">Local time the Ready condition last changed.</param>
    /// <param name="ReadyCondition">The Ready condition last seen on the node.</param>
    /// <param name="LeaseRenewTime">The node Lease's renewTime last seen.</param>
    private sealed record Health(DateTimeOffset Probe, DateTimeOffset ReadyTransition, V1NodeCondition? ReadyCondition, DateTime? LeaseRenewTime);
}
