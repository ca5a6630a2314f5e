using System.Diagnostics;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Chaos.Engine;

/// <summary>
/// Injects faults, proves each took effect, heals them (on demand, after their duration, at dispose,
/// on Ctrl-C and at process exit) and proves they healed; every step lands in the timeline with its
/// evidence, and every active fault in the environment's state file.
/// </summary>
public sealed class ChaosEngine : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly ChaosEnvironment _env;
    private readonly ChaosStateFile _state;
    private readonly Lock _lock = new();
    private readonly List<ActiveFault> _active = [];
    private readonly List<Task> _scheduled = [];

    public ChaosEngine(ChaosEnvironment env, FaultTimeline? timeline = null)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _state = new ChaosStateFile(env.Scope);
        Timeline = timeline ?? new FaultTimeline();
        ExitHealing.Register(this);
    }

    public FaultTimeline Timeline { get; }

    public ChaosEnvironment Environment => _env;

    public IReadOnlyList<ActiveFault> Active
    {
        get
        {
            lock (_lock)
            {
                return [.. _active];
            }
        }
    }

    /// <summary>
    /// Injects the fault and waits until its effect is verified. With a duration, the heal runs by
    /// itself when it ends. When the effect cannot be verified the fault is healed and this throws.
    /// </summary>
    public async Task<ActiveFault> InjectAsync(IFault fault, TimeSpan? duration = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault = _env.Adapt(fault);
        if (duration is { } d && d <= TimeSpan.Zero)
        {
            throw new FaultOptionsException($"the duration must be positive (got {d.TotalSeconds} s)");
        }
        var started = Stopwatch.StartNew();
        var injectedAt = DateTimeOffset.UtcNow;
        string evidence;
        try
        {
            evidence = await fault.InjectAsync(_env, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Record(fault, FaultPhase.Failed, started.Elapsed, $"inject failed: {ex.Message}");
            // A fault may have acted on some nodes before failing on another: undo what it did. When even
            // that fails, keep it as active (and in the state file) so that a later heal-all, the exit
            // handler or the sweeper of a later run tries again.
            if (!await TryHealAsync(fault, ct))
            {
                lock (_lock)
                {
                    _active.Add(new ActiveFault(fault, injectedAt, TimeSpan.Zero));
                }
                Save(fault, injectedAt);
            }
            throw ex is ChaosException ? ex : new ChaosException($"{fault.Describe()}: {ex.Message}", ex);
        }
        var active = new ActiveFault(fault, injectedAt, TimeSpan.Zero);
        lock (_lock)
        {
            _active.Add(active);
        }
        Save(fault, injectedAt);
        Record(fault, FaultPhase.Injected, started.Elapsed, evidence);

        var (ok, check) = await PollAsync(() => fault.VerifyEffectAsync(_env, ct), fault.VerifyTimeout, ct);
        if (!ok)
        {
            Record(fault, FaultPhase.EffectNotVerified, started.Elapsed, check);
            await HealAsync(active, ct);
            throw new ChaosException($"{fault.Describe()}: no effect observed within {fault.VerifyTimeout.TotalSeconds:0} s: {check}");
        }
        active = new ActiveFault(fault, injectedAt, started.Elapsed);
        lock (_lock)
        {
            _active[_active.FindIndex(a => a.Fault.Id == fault.Id)] = active;
        }
        Record(fault, FaultPhase.EffectVerified, started.Elapsed, check);

        if (duration is { } hold)
        {
            var cancel = new CancellationTokenSource();
            active.ScheduleCancel = cancel;
            active.ScheduledHeal = Task.Run(async () =>
            {
                await Task.Delay(hold, cancel.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                await HealAsync(active, CancellationToken.None);
            }, CancellationToken.None);
            lock (_lock)
            {
                _scheduled.Add(active.ScheduledHeal);
            }
        }
        return active;
    }

    /// <summary>Heals one fault and waits until the heal is verified (throws when it is not).</summary>
    public async Task HealAsync(ActiveFault active, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(active);
        lock (_lock)
        {
            if (!_active.Remove(_active.FirstOrDefault(a => a.Fault.Id == active.Fault.Id)!))
            {
                return; // Healed already (its schedule and a heal-all may race).
            }
        }
        var fault = active.Fault;
        var started = Stopwatch.StartNew();
        try
        {
            var healed = await fault.HealAsync(_env, ct);
            Record(fault, FaultPhase.Healed, started.Elapsed, healed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Record(fault, FaultPhase.Failed, started.Elapsed, $"heal failed: {ex.Message}");
            lock (_lock)
            {
                _active.Add(active); // Still in place: the next heal-all or the exit handler tries again.
            }
            throw new ChaosException($"{fault.Describe()}: heal failed: {ex.Message}; `chaoslab chaos heal` sweeps what is left", ex);
        }
        var (ok, check) = await PollAsync(() => fault.VerifyHealedAsync(_env, ct), fault.VerifyTimeout, ct);
        Record(fault, ok ? FaultPhase.HealVerified : FaultPhase.HealNotVerified, started.Elapsed, check);
        _state.Remove(fault.Id);
        if (!ok)
        {
            throw new ChaosException($"{fault.Describe()}: healed, but recovery was not observed within {fault.VerifyTimeout.TotalSeconds:0} s: {check}");
        }
    }

    /// <summary>
    /// Leaves a fault in place after this process ends (what `chaoslab chaos FAULT` without --for
    /// does): no heal at exit, and the state file marks it held until `chaoslab chaos heal`.
    /// </summary>
    public void Detach(ActiveFault active)
    {
        ArgumentNullException.ThrowIfNull(active);
        lock (_lock)
        {
            _active.Remove(active);
        }
        Save(active.Fault, active.InjectedAt, ActiveFaultRecord.HeldOwner);
    }

    /// <summary>Runs a fault on a schedule: after an offset, for a duration, repeated.</summary>
    public async Task RunAsync(Func<IFault> create, FaultSchedule schedule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        await Task.Delay(schedule.Offset, ct);
        for (var round = 0; round < schedule.Repeat; round++)
        {
            if (round > 0)
            {
                await Task.Delay(schedule.Pause, ct);
            }
            var active = await InjectAsync(create(), null, ct);
            if (schedule.Duration is not { } duration)
            {
                return; // Held until healed by hand or at the end.
            }
            try
            {
                await Task.Delay(duration, ct);
            }
            finally
            {
                await HealAsync(active, CancellationToken.None);
            }
        }
    }

    /// <summary>Heals every active fault, newest first; returns the errors (empty when all healed).</summary>
    public async Task<IReadOnlyList<string>> HealAllAsync(CancellationToken ct = default)
    {
        var errors = new List<string>();
        foreach (var active in Active.Reverse())
        {
            active.ScheduleCancel?.Cancel();
        }
        foreach (var active in Active.Reverse())
        {
            try
            {
                await HealAsync(active, ct);
            }
            catch (ChaosException ex)
            {
                errors.Add(ex.Message);
            }
        }
        return errors;
    }

    /// <summary>Waits for the heals of timed faults still running.</summary>
    public async Task WaitForScheduledHealsAsync()
    {
        List<Task> pending;
        lock (_lock)
        {
            pending = [.. _scheduled];
            _scheduled.Clear();
        }
        try
        {
            await Task.WhenAll(pending);
        }
        catch (ChaosException)
        {
            // Recorded in the timeline already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await HealAllAsync();
        ExitHealing.Unregister(this);
    }

    private async Task<bool> TryHealAsync(IFault fault, CancellationToken ct)
    {
        try
        {
            Record(fault, FaultPhase.Healed, TimeSpan.Zero, await fault.HealAsync(_env, ct));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Record(fault, FaultPhase.Failed, TimeSpan.Zero, $"undo after a failed inject failed too: {ex.Message}");
            return false;
        }
    }

    private static async Task<(bool Ok, string Evidence)> PollAsync(Func<Task<Check>> check, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var last = "not checked";
        while (true)
        {
            try
            {
                var result = await check();
                if (result.Ok)
                {
                    return (true, result.Evidence);
                }
                last = result.Evidence;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = $"check failed: {ex.Message}";
            }
            if (deadline.Elapsed >= timeout)
            {
                return (false, last);
            }
            await Task.Delay(PollInterval, ct);
        }
    }

    private void Save(IFault fault, DateTimeOffset injectedAt, string? owner = null) =>
        _state.Upsert(new ActiveFaultRecord(fault.Id, fault.Name, fault.Describe(), owner ?? ProcessIdentity.Current, injectedAt,
            [.. fault.TouchedContainers], [.. fault.HelperProcesses]));

    private void Record(IFault fault, FaultPhase phase, TimeSpan took, string evidence) =>
        Timeline.Record(new TimelineEntry(DateTimeOffset.UtcNow, fault.Id, fault.Name, fault.Describe(), phase, took, evidence));
}
