using System.Text;
using CliWrap;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>A long-running kubectl (attach, port-forward, proxy) whose output is collected until it is stopped.</summary>
internal sealed class BackgroundKubectl : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly CancellationTokenSource _stop = new();
    private CommandTask<CommandResult>? _run;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool Exited => _run?.Task.IsCompleted ?? true;

    /// <summary>Starts kubectl and waits until its output contains <paramref name="until"/>.</summary>
    public static async Task<BackgroundKubectl> StartAsync(KubectlCli kubectl, IReadOnlyList<string> args, string until, string? stdin = null)
    {
        var background = new BackgroundKubectl();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var collect = PipeTarget.ToDelegate(line =>
        {
            lock (background._output)
            {
                background._output.AppendLine(line);
            }
            if (line.Contains(until, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        });
        // Stdin stays open (an attach without -i ignores it) so that kubectl does not see its end.
        var input = stdin is null
            ? PipeSource.Create(async (_, ct) => await Task.Delay(Timeout.Infinite, ct))
            : PipeSource.Create(async (destination, ct) =>
            {
                await destination.WriteAsync(Encoding.UTF8.GetBytes(stdin), ct);
                await destination.FlushAsync(ct);
                await Task.Delay(Timeout.Infinite, ct);
            });
        background._run = Cli.Wrap("kubectl").WithArguments(["--kubeconfig", kubectl.Kubeconfig, "--cache-dir", kubectl.CacheDir, .. args])
            .WithStandardInputPipe(input)
            .WithStandardOutputPipe(collect).WithStandardErrorPipe(collect)
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(background._stop.Token);
        var finished = await Task.WhenAny(seen.Task, background._run.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        await TestContext.Progress.WriteLineAsync($"$ kubectl {string.Join(' ', args)} (running)\n{background.Output}");
        if (finished != seen.Task)
        {
            await background.DisposeAsync();
            Assert.Fail($"kubectl {string.Join(' ', args)} did not print '{until}'{(background.Exited ? " and exited" : " within 30 s")}:\n{background.Output}");
        }
        return background;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_run is not null)
            {
                await _run;
            }
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
