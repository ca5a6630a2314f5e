using ChaosLab.Client;
using ChaosLab.Scheduler.Binding;
using ChaosLab.Scheduler.Cache;
using ChaosLab.Scheduler.Events;
using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Metrics;
using ChaosLab.Scheduler.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Scheduler;

/// <summary>
/// Upstream's scheduleOne, split the same way: a <em>scheduling cycle</em> (pop, choose a node,
/// assume the pod there) runs one pod at a time, so every choice sees the previous ones; the
/// <em>binding cycle</em> (the API call) runs in the background, up to a bound, so that API latency
/// does not limit throughput. A failed binding forgets the assumption and requeues the pod.
/// </summary>
public sealed class SchedulingLoop : IDisposable
{
    public const int DefaultMaxConcurrentBinds = 64;

    private readonly SchedulingQueue _queue;
    private readonly SchedulerCache _cache;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly IPodBinder _binder;
    private readonly IEventRecorder _events;
    private readonly SchedulerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxConcurrentBinds;
    private readonly SemaphoreSlim _bindSlots;

    public SchedulingLoop(
        SchedulingQueue queue,
        SchedulerCache cache,
        SchedulingAlgorithm algorithm,
        IPodBinder binder,
        IEventRecorder events,
        SchedulerMetrics? metrics = null,
        ILogger? logger = null,
        TimeProvider? time = null,
        int maxConcurrentBinds = DefaultMaxConcurrentBinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentBinds, 1);
        _queue = queue;
        _cache = cache;
        _algorithm = algorithm;
        _binder = binder;
        _events = events;
        _metrics = metrics ?? new SchedulerMetrics();
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _maxConcurrentBinds = maxConcurrentBinds;
        _bindSlots = new SemaphoreSlim(maxConcurrentBinds, maxConcurrentBinds);
    }

    /// <summary>How often pods whose back-off expired move to the active queue (upstream: 1 s).</summary>
    public TimeSpan BackoffFlushPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Schedules pods until cancelled, then waits for the bindings already started.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var flushing = FlushQueuesAsync(cancellationToken);
        try
        {
            while (await ScheduleNextAsync(cancellationToken))
            {
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (shutdown or lost leadership).
        }
        await flushing;
        await WaitForBindingsAsync();
    }

    /// <summary>Pops one pod and runs its scheduling cycle; false once the queue is closed.</summary>
    public async Task<bool> ScheduleNextAsync(CancellationToken cancellationToken)
    {
        var queued = await _queue.PopAsync(cancellationToken);
        if (queued is null)
        {
            return false;
        }
        // Reserve the binding slot first: when the API server is slow, scheduling waits for it
        // instead of assuming ever more pods whose bindings cannot start.
        await _bindSlots.WaitAsync(cancellationToken);
        var slotHanded = false;
        try
        {
            slotHanded = ScheduleOne(queued, cancellationToken);
        }
        catch (Exception ex)
        {
            // A bug or a malformed pod must not stop scheduling for everyone else.
            _logger.LogError(ex, "Error scheduling pod {Pod}; retrying after back-off", queued.Key);
            _metrics.RecordAttempt(SchedulerMetrics.Error, TimeSpan.Zero);
            _queue.AddUnschedulable(queued, unschedulable: false);
        }
        finally
        {
            if (!slotHanded)
            {
                _bindSlots.Release();
            }
        }
        return true;
    }

    /// <summary>Waits until every binding started so far has finished. Call when no more pods are being scheduled.</summary>
    public async Task WaitForBindingsAsync()
    {
        for (var i = 0; i < _maxConcurrentBinds; i++)
        {
            await _bindSlots.WaitAsync();
        }
        _bindSlots.Release(_maxConcurrentBinds);
    }

    public void Dispose() => _bindSlots.Dispose();

    /// <summary>The scheduling cycle; true if a binding was started (it then owns the bind slot).</summary>
    private bool ScheduleOne(QueuedPod queued, CancellationToken ct)
    {
        var pod = queued.Pod;
        if (pod.Metadata.DeletionTimestamp is not null || !string.IsNullOrEmpty(pod.Spec?.NodeName) || _cache.NodeOf(queued.Key) is not null)
        {
            // Deleted, bound, or assumed already (a late update of the pending pod re-queued it): nothing to do.
            _queue.Done(queued.Key);
            return false;
        }
        var started = _time.GetTimestamp();
        var podInfo = new PodInfo(pod);
        var result = _algorithm.Schedule(podInfo, _cache.Snapshot());
        _metrics.RecordAlgorithm(_time.GetElapsedTime(started));
        if (result.NodeName is not { } nodeName)
        {
            var message = result.FitError!.Message;
            _logger.LogInformation("Unable to schedule pod {Pod}; no fit: {Message}", queued.Key, message);
            _metrics.RecordAttempt(SchedulerMetrics.Unschedulable, _time.GetElapsedTime(started));
            _events.FailedScheduling(pod, message);
            _queue.AddUnschedulable(queued, unschedulable: true);
            return false;
        }
        _cache.AssumePod(podInfo, nodeName);
        _ = Task.Run(() => BindAsync(queued, podInfo, nodeName, result, started, ct), CancellationToken.None);
        return true;
    }

    private async Task BindAsync(QueuedPod queued, PodInfo podInfo, string nodeName, ScheduleResult result, long started, CancellationToken ct)
    {
        try
        {
            await _binder.BindAsync(podInfo.Pod, nodeName, ct);
            _queue.Done(queued.Key);
            _metrics.RecordAttempt(SchedulerMetrics.Scheduled, _time.GetElapsedTime(started));
            _metrics.RecordScheduledSli(_time.GetUtcNow() - queued.InitialEnqueueTimestamp);
            _events.Scheduled(podInfo.Pod, nodeName);
            _logger.LogDebug("Successfully bound pod {Pod} to node {Node} (evaluated {Evaluated}, feasible {Feasible})",
                queued.Key, nodeName, result.EvaluatedNodes, result.FeasibleNodes);
        }
        catch (Exception ex)
        {
            HandleBindFailure(queued, podInfo, nodeName, ex, started, ct);
        }
        finally
        {
            _bindSlots.Release();
        }
    }

    private void HandleBindFailure(QueuedPod queued, PodInfo podInfo, string nodeName, Exception error, long started, CancellationToken ct)
    {
        _cache.ForgetPod(queued.Key);
        _metrics.RecordAttempt(SchedulerMetrics.Error, _time.GetElapsedTime(started));
        if (ct.IsCancellationRequested)
        {
            // Stopping: the next leader will find the pod still pending.
            _queue.Done(queued.Key);
            return;
        }
        if (ApiErrors.IsNotFound(error))
        {
            // The pod is gone; nothing left to schedule.
            _queue.Delete(queued.Key);
            return;
        }
        _logger.LogWarning("Failed to bind pod {Pod} to node {Node}: {Error}", queued.Key, nodeName, error.Message);
        _events.FailedScheduling(podInfo.Pod, $"binding rejected: {error.Message}");
        // A conflict usually means someone else bound it; the informer will then remove it from the queue.
        _queue.AddUnschedulable(queued, unschedulable: false);
    }

    private async Task FlushQueuesAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(BackoffFlushPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                _queue.FlushBackoffCompleted();
                _queue.FlushUnschedulableLeftover();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
