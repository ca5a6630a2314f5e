using System.Threading.Channels;

namespace ChaosLab.KubeProxy.Sync;

/// <summary>
/// Runs a sync function on request, but never more often than <c>minInterval</c> and at least every
/// <c>maxInterval</c> (upstream's async.BoundedFrequencyRunner). Requests arriving while a sync waits
/// or runs coalesce into one more sync. A failed sync is retried after <c>retryDelay</c>.
/// </summary>
public sealed class BoundedFrequencyRunner
{
    private readonly Func<CancellationToken, Task> _sync;
    private readonly TimeSpan _minInterval;
    private readonly TimeSpan _maxInterval;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public BoundedFrequencyRunner(Func<CancellationToken, Task> sync, TimeSpan minInterval, TimeSpan maxInterval, TimeSpan retryDelay, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(sync);
        if (minInterval < TimeSpan.Zero || maxInterval <= TimeSpan.Zero || minInterval > maxInterval)
        {
            throw new ArgumentException($"need 0 <= min interval ({minInterval}) <= max interval ({maxInterval}) and max > 0");
        }
        _sync = sync;
        _minInterval = minInterval;
        _maxInterval = maxInterval;
        _retryDelay = retryDelay;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Asks for a sync soon; never blocks, and many requests before the sync starts make one sync.</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    /// <summary>The first sync runs at once; then on requests, periodically and after failures, until cancelled.</summary>
    public async Task RunAsync(Action<Exception>? onFailure, CancellationToken ct)
    {
        var next = TimeSpan.Zero;
        DateTimeOffset? lastStart = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await WaitForRequestAsync(next, ct);
                if (lastStart is { } last && _time.GetUtcNow() - last < _minInterval)
                {
                    await Task.Delay(_minInterval - (_time.GetUtcNow() - last), _time, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            // Requests made until now are served by this sync.
            _requests.Reader.TryRead(out _);
            lastStart = _time.GetUtcNow();
            next = _maxInterval;
            try
            {
                await _sync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                onFailure?.Invoke(ex);
                next = _retryDelay < _maxInterval ? _retryDelay : _maxInterval;
            }
        }
    }

    private async Task WaitForRequestAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, _time, timer.Token);
        var request = _requests.Reader.WaitToReadAsync(timer.Token).AsTask();
        await Task.WhenAny(delay, request);
        await timer.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
