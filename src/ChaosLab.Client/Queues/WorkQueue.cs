using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Client.Queues;

/// <summary>
/// A rate-limited work queue of object keys with client-go's guarantees:
/// <list type="bullet">
/// <item>a key is queued at most once however often it is added (dirty set);</item>
/// <item>a key is never handed to two workers at once: added while being processed, it is queued again after <see cref="Done"/>;</item>
/// <item>failing keys come back after a per-key exponential back-off until <see cref="Forget"/>.</item>
/// </list>
/// Controllers add keys from informer handlers and reconcile them in <see cref="RunWorkersAsync"/>.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "A work queue is what client-go and every controller author call it.")]
public sealed class WorkQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);

    // Earliest pending ready time per delayed key, so a key waits in at most one timer that counts.
    private readonly Dictionary<string, DateTimeOffset> _waiting = new(StringComparer.Ordinal);

    // Counts the keys in _queue, so getters can wait for one without polling.
    private readonly SemaphoreSlim _queued = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ItemExponentialRateLimiter _rateLimiter;
    private readonly WorkQueueOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private bool _shuttingDown;

    public WorkQueue(WorkQueueOptions? options = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _options = options ?? new WorkQueueOptions();
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _rateLimiter = new ItemExponentialRateLimiter(_options.BaseRetryDelay, _options.MaxRetryDelay);
    }

    /// <summary>Keys waiting to be handed out (not counting those being processed or delayed).</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                // Already queued, or being processed and now marked dirty: Done will queue it again.
                return;
            }
            Enqueue(key);
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed (at once if it is not positive).</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        var readyAt = _time.GetUtcNow() + delay;
        lock (_gate)
        {
            if (_shuttingDown || (_waiting.TryGetValue(key, out var pending) && pending <= readyAt))
            {
                return;
            }
            _waiting[key] = readyAt;
        }
        _ = AddWhenReadyAsync(key, readyAt, delay);
    }

    /// <summary>Adds <paramref name="key"/> after its next back-off delay (5 ms, 10 ms, 20 ms, … by default).</summary>
    public void AddRateLimited(string key) => AddAfter(key, _rateLimiter.When(key));

    /// <summary>Clears the failure history of <paramref name="key"/> (call after it was processed successfully).</summary>
    public void Forget(string key) => _rateLimiter.Forget(key);

    public int NumRequeues(string key) => _rateLimiter.NumRequeues(key);

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/> with it.
    /// Returns null once the queue is shut down.
    /// </summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            try
            {
                await _queued.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                return null;
            }
            lock (_gate)
            {
                if (_shuttingDown)
                {
                    return null;
                }
                if (_queue.TryDequeue(out var key))
                {
                    _processing.Add(key);
                    _dirty.Remove(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; if it was added meanwhile, it is queued again now.</summary>
    public void Done(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_shuttingDown && _dirty.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>Stops handing out keys: waiting getters return null and further adds are ignored.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }
            _shuttingDown = true;
        }
        _shutdown.Cancel();
    }

    /// <summary>
    /// Runs <paramref name="workers"/> loops that take a key, call <paramref name="sync"/> and then
    /// forget the key on success or re-add it rate-limited on failure. Cancelling
    /// <paramref name="cancellationToken"/> shuts the queue down; the task completes when every worker
    /// has finished its current key.
    /// </summary>
    public async Task RunWorkersAsync(int workers, Func<string, CancellationToken, Task> sync, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentNullException.ThrowIfNull(sync);
        using var shutDownOnCancel = cancellationToken.Register(ShutDown);
        var loops = Enumerable.Range(0, workers)
            .Select(_ => Task.Run(() => WorkerLoopAsync(sync, cancellationToken), CancellationToken.None));
        await Task.WhenAll(loops);
    }

    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
        _queued.Dispose();
    }

    private void Enqueue(string key)
    {
        _queue.Enqueue(key);
        _queued.Release();
    }

    private async Task AddWhenReadyAsync(string key, DateTimeOffset readyAt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_gate)
        {
            // A later AddAfter with an earlier ready time replaced this entry; that timer adds the key.
            if (!_waiting.TryGetValue(key, out var pending) || pending != readyAt)
            {
                return;
            }
            _waiting.Remove(key);
        }
        Add(key);
    }

    private async Task WorkerLoopAsync(Func<string, CancellationToken, Task> sync, CancellationToken ct)
    {
        while (await GetAsync(CancellationToken.None) is { } key)
        {
            try
            {
                await ProcessAsync(key, sync, ct);
            }
            finally
            {
                Done(key);
            }
        }
    }

    private async Task ProcessAsync(string key, Func<string, CancellationToken, Task> sync, CancellationToken ct)
    {
        try
        {
            await sync(key, ct);
            Forget(key);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the key is not retried by this process.
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "{Queue}: sync of {Key} failed (retry {Retry}); re-queueing with back-off",
                _options.Name, key, NumRequeues(key) + 1);
            AddRateLimited(key);
        }
    }
}
