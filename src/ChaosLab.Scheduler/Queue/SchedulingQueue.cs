using System.Diagnostics.CodeAnalysis;
using ChaosLab.Client.Informers;
using k8s;
using k8s.Models;

namespace ChaosLab.Scheduler.Queue;

/// <summary>
/// Upstream's PriorityQueue, reduced to what this scheduler needs. Every pending pod is in exactly
/// one place:
/// <list type="bullet">
/// <item><b>active</b>: ready to be tried, highest priority then oldest first;</item>
/// <item><b>back-off</b>: failed recently, waits out its back-off, then goes to active;</item>
/// <item><b>unschedulable</b>: no node fitted; waits for a cluster change (a node added or changed,
/// a pod deleted) that might make it fit, or for <see cref="MaxInUnschedulable"/>;</item>
/// <item><b>in flight</b>: popped and being scheduled or bound right now.</item>
/// </list>
/// Thread-safe: informer handlers, the scheduling loop and binding tasks all call it.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "Upstream's name for it, and it is a queue.")]
public sealed class SchedulingQueue
{
    /// <summary>Upstream's podMaxInUnschedulablePodsDuration: retry even without a cluster event.</summary>
    public static readonly TimeSpan MaxInUnschedulable = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, QueuedPod> _pods = new(StringComparer.Ordinal);
    private readonly SortedSet<QueuedPod> _active = new(QueueOrder.Active);
    private readonly SortedSet<QueuedPod> _backoff = new(QueueOrder.Backoff);
    private readonly TimeProvider _time;
    private readonly PodBackoff _podBackoff;
    private TaskCompletionSource? _activeSignal;
    private long _sequence;
    private long _schedulingCycle;
    // The cycle in which the last cluster event asked to move pods: a pod that fails in a cycle at or
    // before it might have missed that event, so it goes to back-off instead of waiting for the next one.
    private long _moveRequestCycle = -1;
    private bool _closed;

    public SchedulingQueue(TimeProvider? time = null, PodBackoff? backoff = null)
    {
        _time = time ?? TimeProvider.System;
        _podBackoff = backoff ?? PodBackoff.Default;
    }

    public int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _active.Count;
            }
        }
    }

    public int BackoffCount
    {
        get
        {
            lock (_gate)
            {
                return _backoff.Count;
            }
        }
    }

    public int UnschedulableCount
    {
        get
        {
            lock (_gate)
            {
                return _pods.Values.Count(p => p.Location == QueueLocation.Unschedulable);
            }
        }
    }

    /// <summary>True if the pod is anywhere in the queue, in flight included.</summary>
    public bool Contains(string podKey)
    {
        lock (_gate)
        {
            return _pods.ContainsKey(podKey);
        }
    }

    /// <summary>A new pending pod: straight to active.</summary>
    public void Add(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_gate)
        {
            if (_pods.TryGetValue(ObjectKey.Of(pod), out var known))
            {
                UpdateLocked(known, pod);
                return;
            }
            var queued = new QueuedPod(pod, _time.GetUtcNow());
            _pods[queued.Key] = queued;
            PushActiveLocked(queued);
        }
    }

    /// <summary>
    /// A pending pod changed. An unschedulable pod whose spec or labels changed gets another try
    /// (after its back-off); elsewhere the queue just keeps the latest version.
    /// </summary>
    public void Update(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_gate)
        {
            if (_pods.TryGetValue(ObjectKey.Of(pod), out var queued))
            {
                UpdateLocked(queued, pod);
            }
            else
            {
                var added = new QueuedPod(pod, _time.GetUtcNow());
                _pods[added.Key] = added;
                PushActiveLocked(added);
            }
        }
    }

    /// <summary>The pod was deleted or bound: forget it wherever it is.</summary>
    public void Delete(string podKey)
    {
        lock (_gate)
        {
            if (_pods.Remove(podKey, out var queued))
            {
                RemoveFromSetLocked(queued);
            }
        }
    }

    /// <summary>
    /// Waits for the next active pod and marks it in flight. Returns null once the queue is closed.
    /// The caller must end the attempt with <see cref="Done"/> or <see cref="AddUnschedulable"/>.
    /// </summary>
    public async Task<QueuedPod?> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_closed)
                {
                    return null;
                }
                if (_active.Min is { } next)
                {
                    _active.Remove(next);
                    next.Location = QueueLocation.InFlight;
                    next.Attempts++;
                    next.SchedulingCycle = ++_schedulingCycle;
                    next.ChangedWhileInFlight = false;
                    return next;
                }
                _activeSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = _activeSignal.Task;
            }
            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The attempt succeeded (the pod is bound or assumed): the pod leaves the queue.</summary>
    public void Done(string podKey)
    {
        lock (_gate)
        {
            if (_pods.TryGetValue(podKey, out var queued) && queued.Location == QueueLocation.InFlight)
            {
                _pods.Remove(podKey);
            }
        }
    }

    /// <summary>
    /// The attempt failed. <paramref name="unschedulable"/> (no node fits) parks the pod until a
    /// cluster event; otherwise (an error, e.g. binding failed) it only backs off. A pod deleted or
    /// bound meanwhile is not re-added.
    /// </summary>
    public void AddUnschedulable(QueuedPod pod, bool unschedulable)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_gate)
        {
            if (!_pods.TryGetValue(pod.Key, out var queued) || !ReferenceEquals(queued, pod) || pod.Location != QueueLocation.InFlight)
            {
                return;
            }
            var now = _time.GetUtcNow();
            pod.Timestamp = now;
            pod.BackoffExpiry = now + _podBackoff.DurationFor(pod.Attempts);
            if (unschedulable && !pod.ChangedWhileInFlight && _moveRequestCycle < pod.SchedulingCycle)
            {
                pod.Location = QueueLocation.Unschedulable;
            }
            else
            {
                PushBackoffOrActiveLocked(pod, now);
            }
        }
    }

    /// <summary>
    /// Something in the cluster changed that may let unschedulable pods fit (upstream's
    /// MoveAllToActiveOrBackoffQueue): they go to back-off if still backing off, else to active.
    /// </summary>
    public void MoveAllToActiveOrBackoff()
    {
        lock (_gate)
        {
            _moveRequestCycle = _schedulingCycle;
            var now = _time.GetUtcNow();
            foreach (var pod in _pods.Values.Where(p => p.Location == QueueLocation.Unschedulable).ToList())
            {
                PushBackoffOrActiveLocked(pod, now);
            }
        }
    }

    /// <summary>Moves pods whose back-off has expired to active; the loop calls this about every second.</summary>
    public void FlushBackoffCompleted()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_backoff.Min is { } first && first.BackoffExpiry <= now)
            {
                _backoff.Remove(first);
                PushActiveLocked(first);
            }
        }
    }

    /// <summary>Retries pods that waited in unschedulable longer than <see cref="MaxInUnschedulable"/>.</summary>
    public void FlushUnschedulableLeftover()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var pod in _pods.Values.Where(p => p.Location == QueueLocation.Unschedulable && now - p.Timestamp > MaxInUnschedulable).ToList())
            {
                PushBackoffOrActiveLocked(pod, now);
            }
        }
    }

    /// <summary>Wakes every waiting <see cref="PopAsync"/>, which then returns null.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            SignalActiveLocked();
        }
    }

    private void UpdateLocked(QueuedPod queued, V1Pod pod)
    {
        var old = queued.Pod;
        queued.Pod = pod;
        switch (queued.Location)
        {
            case QueueLocation.InFlight:
                queued.ChangedWhileInFlight = true;
                break;
            case QueueLocation.Active:
                // Priority is immutable, but keep the set's order honest if anything else moved.
                _active.Remove(queued);
                PushActiveLocked(queued);
                break;
            case QueueLocation.Unschedulable when SchedulingInputChanged(old, pod):
                PushBackoffOrActiveLocked(queued, _time.GetUtcNow());
                break;
        }
    }

    private void PushBackoffOrActiveLocked(QueuedPod pod, DateTimeOffset now)
    {
        if (pod.BackoffExpiry > now)
        {
            pod.Location = QueueLocation.Backoff;
            pod.Sequence = ++_sequence;
            _backoff.Add(pod);
        }
        else
        {
            PushActiveLocked(pod);
        }
    }

    private void PushActiveLocked(QueuedPod pod)
    {
        pod.Location = QueueLocation.Active;
        pod.Sequence = ++_sequence;
        _active.Add(pod);
        SignalActiveLocked();
    }

    private void RemoveFromSetLocked(QueuedPod pod)
    {
        switch (pod.Location)
        {
            case QueueLocation.Active:
                _active.Remove(pod);
                break;
            case QueueLocation.Backoff:
                _backoff.Remove(pod);
                break;
        }
    }

    private void SignalActiveLocked()
    {
        _activeSignal?.TrySetResult();
        _activeSignal = null;
    }

    // Status-only updates (ours or the kubelet's) must not cause retries; spec or label changes may help.
    private static bool SchedulingInputChanged(V1Pod old, V1Pod current) =>
        KubernetesJson.Serialize(new object?[] { old.Spec, old.Metadata.Labels })
        != KubernetesJson.Serialize(new object?[] { current.Spec, current.Metadata.Labels });
}
