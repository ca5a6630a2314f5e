using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Client.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, following client-go's leaderelection.go:
/// <list type="number">
/// <item>acquire: every RetryPeriod (jittered) try to take the lease, until it is free or expired;</item>
/// <item>lead: run OnStartedLeading and renew every RetryPeriod;</item>
/// <item>stop: when no renewal succeeds within RenewDeadline, or another holder is seen, cancel the
/// leader's token and call OnStoppedLeading at once; on shutdown optionally release the lease.</item>
/// </list>
/// Expiry of another holder's lease is judged by this process's clock from the moment it observed
/// the lease last change, never from the renewTime written by another host's clock.
/// </summary>
public sealed class LeaderElector
{
    private readonly LeaderElectionConfig _config;
    private readonly ILeaseClient _leases;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    // The lease record last read or written, when this process saw it change, and the lease object
    // itself (its resourceVersion guards the next write, so a racing writer gets 409).
    private LeaderElectionRecord? _observedRecord;
    private DateTimeOffset _observedTime;
    private V1Lease? _lease;

    // When the last successful acquire/renew attempt started: the leader must renew again before
    // this + RenewDeadline, a point that lies safely before any other candidate's expiry judgement.
    private DateTimeOffset _lastRenewStart;

    private volatile bool _isLeader;
    private volatile string? _reportedLeader;
    private int _started;

    public LeaderElector(LeaderElectionConfig config, ILeaseClient leases, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(leases);
        config.Validate();
        _config = config;
        _leases = leases;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public LeaderElector(LeaderElectionConfig config, IKubernetes client, ILogger? logger = null)
        : this(config, new KubernetesLeaseClient(client), logger)
    {
    }

    /// <summary>True while this candidate leads (between acquiring and stopping).</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder identity last observed on the lease (this candidate's own when it leads), or null.</summary>
    public string? LeaderIdentity => _reportedLeader;

    /// <summary>
    /// Competes for the lease and, once acquired, leads until leadership is lost or
    /// <paramref name="cancellationToken"/> is cancelled. Runs once; create a new elector to compete again.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("a LeaderElector runs only once");
        }
        if (await AcquireAsync(cancellationToken))
        {
            await LeadAsync(cancellationToken);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken ct)
    {
        _logger.LogInformation("{Identity}: attempting to acquire lease {Lock}", _config.Identity, LockName);
        while (!ct.IsCancellationRequested)
        {
            var attemptStart = _time.GetUtcNow();
            var acquired = await TryAcquireOrRenewAsync(ct);
            ReportLeaderIfChanged();
            if (acquired)
            {
                _lastRenewStart = attemptStart;
                return true;
            }
            if (!await DelayAsync(JitteredRetryPeriod(), ct))
            {
                return false;
            }
        }
        return false;
    }

    private async Task LeadAsync(CancellationToken ct)
    {
        var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _isLeader = true;
        _logger.LogInformation("{Identity}: acquired lease {Lock}; started leading", _config.Identity, LockName);
        var leaderWork = Task.Run(() => RunLeaderWorkAsync(leading.Token), CancellationToken.None);
        try
        {
            await RenewUntilLostAsync(ct);
        }
        finally
        {
            _isLeader = false;
            await StopLeadingAsync(leading, leaderWork, released: ct.IsCancellationRequested && _config.ReleaseOnCancel);
        }
    }

    private async Task StopLeadingAsync(CancellationTokenSource leading, Task leaderWork, bool released)
    {
        await leading.CancelAsync();
        // The leader's work may outlive this method (it is not awaited); dispose its token source after it.
        _ = leaderWork.ContinueWith(_ => leading.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        if (released)
        {
            // Let the leader's work wind down first, so the successor does not overlap with it.
            await Task.WhenAny(leaderWork, Task.Delay(_config.RenewDeadline, _time, CancellationToken.None));
            await ReleaseAsync();
        }
        _logger.LogInformation("{Identity}: stopped leading lease {Lock}", _config.Identity, LockName);
        try
        {
            _config.OnStoppedLeading?.Invoke();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Identity}: OnStoppedLeading failed", _config.Identity);
        }
    }

    private async Task RunLeaderWorkAsync(CancellationToken leadingToken)
    {
        try
        {
            await _config.OnStartedLeading(leadingToken);
        }
        catch (OperationCanceledException) when (leadingToken.IsCancellationRequested)
        {
            // Leadership ended; the work stopped as asked.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Identity}: OnStartedLeading failed", _config.Identity);
        }
    }

    /// <summary>Renews every RetryPeriod; returns when a renewal cannot be made in time or on cancellation.</summary>
    private async Task RenewUntilLostAsync(CancellationToken ct)
    {
        while (await DelayAsync(_config.RetryPeriod, ct))
        {
            if (!await RenewBeforeDeadlineAsync(ct))
            {
                if (!ct.IsCancellationRequested)
                {
                    _logger.LogWarning("{Identity}: failed to renew lease {Lock} within {RenewDeadline}; leadership lost",
                        _config.Identity, LockName, _config.RenewDeadline);
                }
                return;
            }
        }
    }

    private async Task<bool> RenewBeforeDeadlineAsync(CancellationToken ct)
    {
        var deadline = _lastRenewStart + _config.RenewDeadline;
        while (true)
        {
            var attemptStart = _time.GetUtcNow();
            var remaining = deadline - attemptStart;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // A hung API call must not carry the leader past its deadline.
            attempt.CancelAfter(remaining);
            var renewed = await TryAcquireOrRenewAsync(attempt.Token);
            ReportLeaderIfChanged();
            if (renewed)
            {
                _lastRenewStart = attemptStart;
                return true;
            }
            if (!ObservedHolderIsMe)
            {
                // Someone else holds the lease now: retrying until the deadline cannot win it back.
                return false;
            }
            if (!await DelayAsync(Min(_config.RetryPeriod, deadline - _time.GetUtcNow()), ct))
            {
                return false;
            }
        }
    }

    /// <summary>One round of client-go's tryAcquireOrRenew; true if this candidate now holds the lease.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var desired = NewRecord(now);

        // Fast path: a valid leader renews with the lease it last wrote, skipping the GET.
        if (ObservedHolderIsMe && LeaseValid(now) && _lease is not null)
        {
            var renewal = desired with { AcquireTime = _observedRecord!.AcquireTime, LeaseTransitions = _observedRecord.LeaseTransitions };
            if (await TryUpdateAsync(renewal, ct))
            {
                return true;
            }
        }

        V1Lease? current;
        try
        {
            current = await _leases.GetAsync(_config.LockNamespace, _config.LockName, ct);
        }
        catch (Exception ex)
        {
            LogAttemptFailure("get", ex, ct);
            return false;
        }
        return current is null
            ? await TryCreateAsync(desired, ct)
            : await TryTakeOrRenewAsync(current, desired, now, ct);
    }

    private async Task<bool> TryTakeOrRenewAsync(V1Lease current, LeaderElectionRecord desired, DateTimeOffset now, CancellationToken ct)
    {
        _lease = current;
        var old = LeaderElectionRecord.FromSpec(current.Spec);
        if (old != _observedRecord)
        {
            SetObserved(old);
        }
        if (old.HolderIdentity.Length > 0 && LeaseValid(now) && !ObservedHolderIsMe)
        {
            _logger.LogDebug("{Identity}: lease {Lock} is held by {Holder} and has not yet expired",
                _config.Identity, LockName, old.HolderIdentity);
            return false;
        }
        var record = ObservedHolderIsMe
            ? desired with { AcquireTime = old.AcquireTime, LeaseTransitions = old.LeaseTransitions }
            : desired with { LeaseTransitions = old.LeaseTransitions + 1 };
        return await TryUpdateAsync(record, ct);
    }

    private async Task<bool> TryCreateAsync(LeaderElectionRecord record, CancellationToken ct)
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = _config.LockName, NamespaceProperty = _config.LockNamespace },
            Spec = record.ToSpec(),
        };
        try
        {
            _lease = await _leases.CreateAsync(lease, ct);
        }
        catch (Exception ex)
        {
            LogAttemptFailure("create", ex, ct);
            return false;
        }
        SetObserved(record);
        return true;
    }

    /// <summary>Writes the whole record over the last seen lease; a 409 means another candidate wrote first.</summary>
    private async Task<bool> TryUpdateAsync(LeaderElectionRecord record, CancellationToken ct)
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = _lease!.Metadata,
            Spec = record.ToSpec(),
        };
        try
        {
            _lease = await _leases.UpdateAsync(lease, ct);
        }
        catch (Exception ex)
        {
            LogAttemptFailure("update", ex, ct);
            return false;
        }
        SetObserved(record);
        return true;
    }

    /// <summary>Hands the lease back: empty holder, 1 s duration, so the next candidate need not wait out the lease.</summary>
    private async Task ReleaseAsync()
    {
        if (!ObservedHolderIsMe || _lease is null)
        {
            return;
        }
        var now = LeaderElectionRecord.ToMicroTime(_time.GetUtcNow().UtcDateTime);
        var released = new LeaderElectionRecord("", 1, now, now, _observedRecord!.LeaseTransitions);
        // The caller's token is already cancelled; give the release its own bound.
        using var timeout = new CancellationTokenSource(_config.RenewDeadline);
        if (await TryUpdateAsync(released, timeout.Token))
        {
            _logger.LogInformation("{Identity}: released lease {Lock}", _config.Identity, LockName);
        }
    }

    private LeaderElectionRecord NewRecord(DateTimeOffset now)
    {
        var time = LeaderElectionRecord.ToMicroTime(now.UtcDateTime);
        return new LeaderElectionRecord(_config.Identity, _config.LeaseDurationSeconds, time, time, 0);
    }

    private void SetObserved(LeaderElectionRecord record)
    {
        _observedRecord = record;
        _observedTime = _time.GetUtcNow();
    }

    private bool ObservedHolderIsMe => _observedRecord?.HolderIdentity == _config.Identity;

    private bool LeaseValid(DateTimeOffset now) =>
        _observedRecord is not null && _observedTime + TimeSpan.FromSeconds(_observedRecord.LeaseDurationSeconds) > now;

    private void ReportLeaderIfChanged()
    {
        var holder = _observedRecord?.HolderIdentity;
        if (string.IsNullOrEmpty(holder) || holder == _reportedLeader)
        {
            return;
        }
        _reportedLeader = holder;
        _logger.LogInformation("{Identity}: new leader of {Lock} is {Leader}", _config.Identity, LockName, holder);
        try
        {
            _config.OnNewLeader?.Invoke(holder);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Identity}: OnNewLeader failed", _config.Identity);
        }
    }

    private void LogAttemptFailure(string operation, Exception ex, CancellationToken ct)
    {
        if (ex is LeaseConflictException)
        {
            _logger.LogInformation("{Identity}: lost the race to {Operation} lease {Lock}", _config.Identity, operation, LockName);
        }
        else if (ct.IsCancellationRequested)
        {
            _logger.LogDebug("{Identity}: {Operation} of lease {Lock} cancelled", _config.Identity, operation, LockName);
        }
        else
        {
            _logger.LogWarning(ex, "{Identity}: failed to {Operation} lease {Lock}", _config.Identity, operation, LockName);
        }
    }

    private TimeSpan JitteredRetryPeriod() =>
        _config.RetryPeriod * (1 + (Random.Shared.NextDouble() * LeaderElectionConfig.JitterFactor));

    private string LockName => $"{_config.LockNamespace}/{_config.LockName}";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, ct);
            return !ct.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
