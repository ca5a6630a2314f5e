using ChaosLab.Client.Informers;
using ChaosLab.Scheduler.Cache;
using ChaosLab.Scheduler.Queue;
using k8s;
using k8s.Models;

namespace ChaosLab.Scheduler;

/// <summary>
/// Turns informer events into cache and queue changes (upstream's eventhandlers.go): bound pods go
/// to the cache, pending pods of this scheduler to the queue, and changes that may free room (a
/// node added or changed, a bound pod gone) give unschedulable pods another try.
/// Handlers run on informer threads; they only touch thread-safe structures.
/// </summary>
public sealed class ClusterEventHandlers(SchedulerCache cache, SchedulingQueue queue, string schedulerName = ClusterEventHandlers.DefaultSchedulerName)
{
    public const string DefaultSchedulerName = "default-scheduler";

    public void OnPodAdd(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var key = ObjectKey.Of(pod);
        if (IsTerminal(pod))
        {
            cache.RemovePod(key);
            queue.Delete(key);
        }
        else if (IsAssigned(pod))
        {
            cache.AddOrUpdatePod(pod);
            queue.Delete(key);
        }
        else if (IsPendingForUs(pod))
        {
            queue.Add(pod);
        }
    }

    public void OnPodUpdate(V1Pod oldPod, V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(oldPod);
        ArgumentNullException.ThrowIfNull(pod);
        var key = ObjectKey.Of(pod);
        if (IsTerminal(pod))
        {
            // A finished pod frees its resources.
            cache.RemovePod(key);
            queue.Delete(key);
            if (IsAssigned(oldPod) && !IsTerminal(oldPod))
            {
                queue.MoveAllToActiveOrBackoff();
            }
        }
        else if (IsAssigned(pod))
        {
            cache.AddOrUpdatePod(pod);
            queue.Delete(key);
        }
        else if (IsPendingForUs(pod))
        {
            queue.Update(pod);
        }
        else
        {
            // Being deleted, or handed to another scheduler.
            queue.Delete(key);
        }
    }

    public void OnPodDelete(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var key = ObjectKey.Of(pod);
        // Remove it from the cache even if the last state seen was pending: it may be assumed.
        var wasCounted = cache.NodeOf(key) is not null;
        cache.RemovePod(key);
        queue.Delete(key);
        if (wasCounted)
        {
            queue.MoveAllToActiveOrBackoff();
        }
    }

    public void OnNodeAdd(V1Node node)
    {
        cache.AddOrUpdateNode(node);
        queue.MoveAllToActiveOrBackoff();
    }

    public void OnNodeUpdate(V1Node oldNode, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(oldNode);
        ArgumentNullException.ThrowIfNull(node);
        cache.AddOrUpdateNode(node);
        // Heartbeats change only conditions and timestamps; they must not wake every pending pod.
        if (SchedulingInput(oldNode) != SchedulingInput(node))
        {
            queue.MoveAllToActiveOrBackoff();
        }
    }

    public void OnNodeDelete(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        cache.RemoveNode(node.Metadata.Name);
    }

    /// <summary>
    /// Unbound, not being deleted, not finished, not held by scheduling gates (upstream's SchedulingGates
    /// plugin; removing the last gate is an update that queues the pod), and asking for this
    /// scheduler (an empty name means the default).
    /// </summary>
    public bool IsPendingForUs(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var wanted = pod.Spec?.SchedulerName;
        return !IsAssigned(pod)
            && pod.Metadata.DeletionTimestamp is null
            && !IsTerminal(pod)
            && (pod.Spec?.SchedulingGates is null || pod.Spec.SchedulingGates.Count == 0)
            && (string.IsNullOrEmpty(wanted) ? schedulerName == DefaultSchedulerName : wanted == schedulerName);
    }

    public static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod?.Spec?.NodeName);

    public static bool IsTerminal(V1Pod pod) => pod?.Status?.Phase is "Succeeded" or "Failed";

    // What the filters and scorers read from a node.
    private static string SchedulingInput(V1Node node) => KubernetesJson.Serialize(new object?[]
    {
        node.Metadata.Labels,
        node.Spec?.Unschedulable,
        node.Spec?.Taints,
        node.Status?.Allocatable,
    });
}
