using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>The real kubectl against a lab, with its own cache directory; each call is written to the test's progress.</summary>
public sealed class KubectlCli(string kubeconfig) : IDisposable
{
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;

    public string Kubeconfig => kubeconfig;

    public string CacheDir => _cacheDir;

    public async Task<BufferedCommandResult> RunAsync(IReadOnlyList<string> args, string? stdin = null)
    {
        var command = Cli.Wrap("kubectl").WithArguments(["--kubeconfig", kubeconfig, "--cache-dir", _cacheDir, "--request-timeout=30s", .. args])
            .WithValidation(CommandResultValidation.None);
        if (stdin is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        }
        var result = await command.ExecuteBufferedAsync();
        await TestContext.Progress.WriteLineAsync($"$ kubectl {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    public Task<BufferedCommandResult> RunAsync(params string[] args) => RunAsync((IReadOnlyList<string>)args);

    /// <summary>Runs kubectl and fails the test unless it exits 0; its standard output.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', args)} failed:\n{result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>`kubectl apply -f -` of a manifest; fails the test unless it exits 0.</summary>
    public async Task ApplyAsync(string manifest, string ns)
    {
        var result = await RunAsync(["apply", "-n", ns, "-f", "-"], manifest);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl apply failed:\n{result.StandardError}");
    }

    public void Dispose() => Directory.Delete(_cacheDir, recursive: true);
}
