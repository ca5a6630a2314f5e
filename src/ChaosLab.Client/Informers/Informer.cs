using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Client.Informers;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> in step with the API server and tells handlers what changed,
/// the way client-go's reflector + shared informer do:
/// <list type="number">
/// <item>LIST (paged) and replace the cache, turning the difference into add/update/delete notifications;</item>
/// <item>WATCH from the list's resourceVersion; when a watch ends cleanly, watch again from the last seen resourceVersion;</item>
/// <item>on any failure (410 Gone, an ERROR event, a broken connection) back off and go to 1.</item>
/// </list>
/// Handlers run one at a time, in event order, on the informer's loop: keep them quick (enqueue a key).
/// </summary>
public sealed class Informer<T, TList> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly Func<string?, string?, CancellationToken, Task<TList>> _list;
    private readonly Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;
    private readonly TimeSpan _resyncPeriod;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Serialises cache changes with handler calls, so handlers see events in order and never concurrently.
    private readonly Lock _dispatchGate = new();
    private readonly List<Handlers> _handlers = [];

    private volatile string _lastSyncResourceVersion = "";
    private bool _lastSyncResourceVersionUnavailable;
    private int _started;

    /// <param name="list">
    /// One LIST page: (resourceVersion, continueToken) → list. resourceVersion is "0" for the first list,
    /// null for a consistent read, or the last seen version; it is null whenever a continue token is given.
    /// The function chooses the page size (the factories use <see cref="InformerOptions.ListPageSize"/>).
    /// </param>
    /// <param name="watch">
    /// A WATCH from a resourceVersion. It should ask for bookmarks and a server-side timeout, and throw
    /// on an ERROR event (the factories do); an ERROR event it yields is treated as a failure too.
    /// </param>
    /// <param name="resyncPeriod">How often every cached object is re-delivered as OnUpdate(obj, obj); zero disables.</param>
    public Informer(
        Func<string?, string?, CancellationToken, Task<TList>> list,
        Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        TimeSpan resyncPeriod,
        InformerOptions? options = null,
        ILogger? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        _list = list;
        _watch = watch;
        _resyncPeriod = resyncPeriod;
        _options = options ?? InformerOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _backoff = new ExponentialBackoff(_options.InitialBackoff, _options.MaxBackoff, _options.BackoffResetAfter, _time);
    }

    public string Name { get; init; } = typeof(T).Name;

    public ObjectCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch starts from (the last LIST or event seen).</summary>
    public string LastSyncResourceVersion => _lastSyncResourceVersion;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Adds a handler. If objects are already cached, it first gets OnAdd for each of them, so a late
    /// handler sees the same world as an early one.
    /// </summary>
    public void AddEventHandler(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null)
    {
        var handlers = new Handlers(onAdd, onUpdate, onDelete);
        lock (_dispatchGate)
        {
            _handlers.Add(handlers);
            foreach (var obj in Cache.List())
            {
                Invoke(handlers.OnAdd, obj);
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"informer {Name} is already running");
        }
        var resync = ResyncLoopAsync(cancellationToken);
        await ListAndWatchLoopAsync(cancellationToken);
        await resync;
    }

    private async Task ListAndWatchLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ListAsync(ct);
                await WatchUntilFailureAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailure(ex);
            }
            if (!await DelayAsync(_backoff.Next(), ct))
            {
                return;
            }
        }
    }

    private async Task ListAsync(CancellationToken ct)
    {
        List<T> items;
        string resourceVersion;
        try
        {
            (items, resourceVersion) = await ListAllPagesAsync(RelistResourceVersion(), ct);
        }
        catch (Exception ex) when (ApiErrors.IsGone(ex))
        {
            // The version we asked for is compacted away: fall back at once to a consistent read.
            _logger.LogInformation("{Informer}: list at resourceVersion {ResourceVersion} expired; listing the latest state",
                Name, _lastSyncResourceVersion);
            _lastSyncResourceVersionUnavailable = true;
            (items, resourceVersion) = await ListAllPagesAsync(RelistResourceVersion(), ct);
        }
        _lastSyncResourceVersionUnavailable = false;
        ReplaceAll(items);
        _lastSyncResourceVersion = resourceVersion;
        _synced.TrySetResult();
        _logger.LogDebug("{Informer}: listed {Count} objects at resourceVersion {ResourceVersion}", Name, items.Count, resourceVersion);
    }

    // client-go's relistResourceVersion: "0" (any cached state) first, the last seen version afterwards
    // (never go back in time), and a consistent read (null) when that version has expired.
    private string? RelistResourceVersion()
    {
        if (_lastSyncResourceVersionUnavailable)
        {
            return null;
        }
        return _lastSyncResourceVersion.Length == 0 ? "0" : _lastSyncResourceVersion;
    }

    private async Task<(List<T> Items, string ResourceVersion)> ListAllPagesAsync(string? resourceVersion, CancellationToken ct)
    {
        var items = new List<T>();
        string? continueToken = null;
        while (true)
        {
            var page = await _list(continueToken is null ? resourceVersion : null, continueToken, ct);
            items.AddRange(page.Items ?? []);
            continueToken = page.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(continueToken))
            {
                return (items, page.Metadata?.ResourceVersion ?? "");
            }
        }
    }

    /// <summary>Watches again and again from the last seen version; only a failure (an exception) ends it.</summary>
    private async Task WatchUntilFailureAsync(CancellationToken ct)
    {
        while (true)
        {
            await WatchOnceAsync(ct);
        }
    }

    private async Task WatchOnceAsync(CancellationToken ct)
    {
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watchCts.CancelAfter(_options.ClientWatchLimit);
        var started = _time.GetUtcNow();
        var eventCount = 0;
        try
        {
            await foreach (var (type, obj) in _watch(_lastSyncResourceVersion, watchCts.Token).WithCancellation(watchCts.Token))
            {
                eventCount++;
                Apply(type, obj);
            }
        }
        catch (OperationCanceledException) when (watchCts.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            _logger.LogDebug("{Informer}: watch outlived the client-side limit; watching again", Name);
            return;
        }
        ct.ThrowIfCancellationRequested();
        if (eventCount == 0 && _time.GetUtcNow() - started < _options.VeryShortWatch)
        {
            // A server that closes every watch at once would otherwise be re-watched in a hot loop.
            throw new InvalidOperationException("very short watch: the watch closed immediately with no events");
        }
    }

    private void Apply(WatchEventType type, T? obj)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified when obj?.Metadata is not null:
                Store(obj);
                break;
            case WatchEventType.Deleted when obj?.Metadata is not null:
                Delete(obj);
                break;
            case WatchEventType.Bookmark:
                break;
            case WatchEventType.Error:
                throw new InvalidOperationException("watch returned an ERROR event");
            default:
                _logger.LogWarning("{Informer}: ignoring watch event {Type} without an object", Name, type);
                return;
        }
        if (obj?.Metadata?.ResourceVersion is { Length: > 0 } resourceVersion)
        {
            _lastSyncResourceVersion = resourceVersion;
        }
    }

    private void Store(T obj)
    {
        lock (_dispatchGate)
        {
            var old = Cache.Upsert(obj);
            if (old is null)
            {
                NotifyAdd(obj);
            }
            else
            {
                NotifyUpdate(old, obj);
            }
        }
    }

    private void Delete(T obj)
    {
        lock (_dispatchGate)
        {
            Cache.Remove(ObjectKey.Of(obj));
            NotifyDelete(obj);
        }
    }

    /// <summary>
    /// Stores a fresh LIST and tells handlers what the watch missed: new objects are adds, changed ones
    /// updates, and objects no longer listed are deletes (with their last known state).
    /// </summary>
    private void ReplaceAll(List<T> items)
    {
        lock (_dispatchGate)
        {
            var previous = Cache.ReplaceAll(items);
            foreach (var obj in items)
            {
                if (!previous.Remove(ObjectKey.Of(obj), out var old))
                {
                    NotifyAdd(obj);
                }
                else if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion || obj.Metadata.ResourceVersion is null)
                {
                    // Unchanged objects are not re-announced: client-go treats them as a sync, not an update.
                    NotifyUpdate(old, obj);
                }
            }
            foreach (var vanished in previous.Values)
            {
                NotifyDelete(vanished);
            }
        }
    }

    private async Task ResyncLoopAsync(CancellationToken ct)
    {
        if (_resyncPeriod <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(_resyncPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Resync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Re-delivers every cached object as an update, so level-triggered controllers re-check it.</summary>
    private void Resync()
    {
        if (!HasSynced)
        {
            return;
        }
        lock (_dispatchGate)
        {
            foreach (var obj in Cache.List())
            {
                NotifyUpdate(obj, obj);
            }
        }
    }

    private void NotifyAdd(T obj)
    {
        foreach (var handlers in _handlers)
        {
            Invoke(handlers.OnAdd, obj);
        }
    }

    private void NotifyUpdate(T old, T current)
    {
        foreach (var handlers in _handlers)
        {
            if (handlers.OnUpdate is { } onUpdate)
            {
                Guard(() => onUpdate(old, current));
            }
        }
    }

    private void NotifyDelete(T obj)
    {
        foreach (var handlers in _handlers)
        {
            Invoke(handlers.OnDelete, obj);
        }
    }

    private void Invoke(Action<T>? handler, T obj)
    {
        if (handler is not null)
        {
            Guard(() => handler(obj));
        }
    }

    // A throwing handler must not stop the informer or starve the other handlers.
    private void Guard(Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Informer}: event handler failed", Name);
        }
    }

    private void LogFailure(Exception ex)
    {
        if (ApiErrors.IsGone(ex))
        {
            _logger.LogInformation("{Informer}: watch expired (410 Gone); re-listing", Name);
        }
        else
        {
            _logger.LogWarning(ex, "{Informer}: list/watch failed; re-listing after back-off", Name);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record Handlers(Action<T>? OnAdd, Action<T, T>? OnUpdate, Action<T>? OnDelete);
}
