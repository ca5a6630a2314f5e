using System.Diagnostics;
using ChaosLab.NodeApi;

namespace ChaosLab.Node.Supervisor;

/// <summary>
/// One component kept running: started through /bin/sh so its output goes straight to its log file,
/// restarted with exponential back-off when it exits, unless it was stopped on purpose.
/// </summary>
internal sealed class SupervisedProcess(ComponentSpec spec, string logDirectory, ILogger logger) : IDisposable
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StableRun = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private Process? _process;
    private TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _wantRunning = true;
    private bool _paused;
    private int _restarts;
    private int? _lastExitCode;
    private DateTimeOffset? _startedAt;
    private ComponentState _state = ComponentState.BackingOff;

    public ComponentSpec Spec => spec;

    public void Dispose() => _wake.Dispose();

    public string LogPath => Path.Combine(logDirectory, spec.Name + ".log");

    public bool Healthy { get; set; }

    public string? HealthDetail { get; set; }

    public ComponentStatus Status()
    {
        lock (_gate)
        {
            return new ComponentStatus(spec.Name, _state, _process is { HasExited: false } p ? p.Id : null,
                _restarts, _startedAt, _lastExitCode, Healthy, HealthDetail);
        }
    }

    public async Task RunAsync(CancellationToken shutdown)
    {
        var backoff = MinBackoff;
        while (!shutdown.IsCancellationRequested)
        {
            if (!WantRunning())
            {
                await _wake.WaitAsync(shutdown);
                continue;
            }

            var process = Launch();
            var started = DateTimeOffset.UtcNow;
            await process.WaitForExitAsync(CancellationToken.None);
            var exitCode = process.ExitCode;
            bool restart;
            lock (_gate)
            {
                // Forget the exited process before disposing it: status and signals must never touch a disposed Process.
                _process = null;
                _lastExitCode = exitCode;
                _paused = false;
                restart = _wantRunning && !shutdown.IsCancellationRequested;
                _state = restart ? ComponentState.BackingOff : ComponentState.Stopped;
                if (restart)
                {
                    _restarts++;
                }
            }
            _exited.TrySetResult();
            process.Dispose();
            if (!restart)
            {
                logger.LogInformation("{Component} stopped (exit {Code})", spec.Name, exitCode);
                continue;
            }

            backoff = DateTimeOffset.UtcNow - started > StableRun ? MinBackoff : backoff;
            logger.LogWarning("{Component} exited with {Code}; restarting in {Backoff} ms", spec.Name, exitCode, backoff.TotalMilliseconds);
            // A Start during the back-off ends it early. The wait is cancelled (not abandoned) when the
            // back-off ends, so that it cannot swallow the wake-up of a later Start.
            using (var backoffWait = CancellationTokenSource.CreateLinkedTokenSource(shutdown))
            {
                backoffWait.CancelAfter(backoff);
                try
                {
                    await _wake.WaitAsync(backoffWait.Token);
                }
                catch (OperationCanceledException) when (!shutdown.IsCancellationRequested)
                {
                    // The back-off ran out.
                }
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    public async Task StopAsync()
    {
        int pid;
        Task exited;
        lock (_gate)
        {
            _wantRunning = false;
            if (_process is not { HasExited: false } process)
            {
                _state = ComponentState.Stopped;
                return;
            }
            pid = process.Id;
            exited = _exited.Task;
        }
        TrySignal(pid, Signals.SigCont);
        TrySignal(pid, Signals.SigTerm);
        try
        {
            await exited.WaitAsync(StopGrace);
        }
        catch (TimeoutException)
        {
            TrySignal(pid, Signals.SigKill);
            await exited;
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            _wantRunning = true;
        }
        _wake.Release();
    }

    public void Kill() => SignalRunning(Signals.SigKill, null);

    public void Pause() => SignalRunning(Signals.SigStop, ComponentState.Paused);

    public void Resume() => SignalRunning(Signals.SigCont, ComponentState.Running);

    private void SignalRunning(int signal, ComponentState? newState)
    {
        lock (_gate)
        {
            if (_process is not { HasExited: false } process)
            {
                throw new InvalidOperationException($"{spec.Name} is not running (state {_state})");
            }
            Signals.Send(process.Id, signal);
            if (newState is { } state)
            {
                _state = state;
                _paused = state == ComponentState.Paused;
            }
        }
    }

    private bool WantRunning()
    {
        lock (_gate)
        {
            if (!_wantRunning)
            {
                _state = ComponentState.Stopped;
            }
            return _wantRunning;
        }
    }

    private Process Launch()
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // exec keeps the PID: the PID we report and signal is the component's own.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$CHAOSLAB_COMPONENT_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add(spec.Command);
        foreach (var arg in spec.Args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["CHAOSLAB_COMPONENT_LOG"] = LogPath;
        foreach (var (key, value) in spec.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        File.AppendAllText(LogPath, $"--- {DateTimeOffset.UtcNow:O} chaoslab-node: starting {spec.Command} {string.Join(' ', spec.Args)}{Environment.NewLine}");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {spec.Command}");
        lock (_gate)
        {
            _process = process;
            _exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _startedAt = DateTimeOffset.UtcNow;
            _state = _paused ? ComponentState.Paused : ComponentState.Running;
        }
        logger.LogInformation("{Component} started as PID {Pid}", spec.Name, process.Id);
        return process;
    }

    private static void TrySignal(int pid, int signal)
    {
        try
        {
            Signals.Send(pid, signal);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to signal.
        }
    }
}
