using ChaosLab.Client.Informers;
using k8s.Models;

namespace ChaosLab.Scheduler.Queue;

/// <summary>
/// A pending pod with its queue bookkeeping (upstream's QueuedPodInfo). The queue owns the mutable
/// state; the scheduling loop reads <see cref="Pod"/> and the timestamps.
/// </summary>
public sealed class QueuedPod
{
    internal QueuedPod(V1Pod pod, DateTimeOffset now)
    {
        Pod = pod;
        Key = ObjectKey.Of(pod);
        InitialEnqueueTimestamp = now;
        Timestamp = now;
    }

    /// <summary>The latest version of the pod the informer delivered.</summary>
    public V1Pod Pod { get; internal set; }

    public string Key { get; }

    /// <summary>Scheduling attempts so far, counting the one in flight; drives the back-off.</summary>
    public int Attempts { get; internal set; }

    /// <summary>When the pod first entered the queue: the start of its end-to-end scheduling latency.</summary>
    public DateTimeOffset InitialEnqueueTimestamp { get; }

    /// <summary>When the pod last entered a queue (or last failed): the start of its back-off.</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    internal QueueLocation Location { get; set; }

    /// <summary>Insertion order, the last tie-breaker of both sorted queues.</summary>
    internal long Sequence { get; set; }

    internal DateTimeOffset BackoffExpiry { get; set; }

    /// <summary>The scheduling cycle in which the pod was last popped.</summary>
    internal long SchedulingCycle { get; set; }

    /// <summary>The pod changed while being scheduled, so a failure may already be out of date.</summary>
    internal bool ChangedWhileInFlight { get; set; }

    internal int Priority => Pod.Spec?.Priority ?? 0;

    internal DateTime CreationTimestamp => Pod.Metadata.CreationTimestamp ?? InitialEnqueueTimestamp.UtcDateTime;

    public override string ToString() => Key;
}

internal enum QueueLocation
{
    Active,
    Backoff,
    Unschedulable,
    InFlight,
}
