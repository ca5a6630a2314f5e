using System.Text;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Network.Commands;
using CliWrap;

namespace ChaosLab.Network.Tests.Shaping;

/// <summary>`chaoslab-node netdelay` from the build output, running in a network namespace; stopped by SIGTERM to its PID.</summary>
public sealed class NetDelayProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _kill = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private CommandTask<CommandResult>? _run;

    public int ProcessId => _run!.ProcessId;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the helper (`ip netns exec` execs it, so the PID is the helper's) and returns once it is ready or has exited.</summary>
    public static async Task<NetDelayProcess> StartAsync(string netns, IReadOnlyList<string> args)
    {
        var process = new NetDelayProcess();
        var dll = Path.Combine(NodeBinary.BuildDirectory, "chaoslab-node.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is not built");
        process._run = Cli.Wrap("ip")
            .WithArguments(["netns", "exec", netns, "dotnet", dll, "netdelay", .. args])
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(process.OnStdout))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Append(process._stderr, line)))
            .ExecuteAsync(process._kill.Token);
        await Task.WhenAny(process._ready.Task, process._run.Task, Task.Delay(ReadyTimeout));
        return process;
    }

    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>The exit code once the helper has exited by itself (e.g. a failed bind).</summary>
    public async Task<int> ExitCodeAsync() => (await _run!).ExitCode;

    /// <summary>SIGTERM, then the exit code; the helper must exit within the timeout.</summary>
    public async Task<int> StopAsync()
    {
        await HostCommand.RunAsync("signal the netdelay helper", "kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (await Task.WhenAny(_run!.Task, Task.Delay(StopTimeout)) != _run.Task)
        {
            Assert.Fail($"netdelay did not exit within {StopTimeout.TotalSeconds}s of SIGTERM\nstdout: {Stdout}\nstderr: {Stderr}");
        }
        return (await _run).ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is { Task.IsCompleted: false })
        {
            await _kill.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _kill.Dispose();
    }

    private void OnStdout(string line)
    {
        Append(_stdout, line);
        if (line.StartsWith("netdelay: ", StringComparison.Ordinal) && line.EndsWith(" ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static void Append(StringBuilder text, string line)
    {
        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
