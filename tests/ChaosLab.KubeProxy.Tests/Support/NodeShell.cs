using ChaosLab.Lab.Docker;

namespace ChaosLab.KubeProxy.Tests.Support;

/// <summary>Runs shell scripts inside one lab node container; failures say which script, exit code and stderr.</summary>
public sealed class NodeShell(IContainerEngine engine, string container)
{
    public string Container => container;

    public Task<ExecResult> TryAsync(string script, CancellationToken ct = default) => engine.ExecAsync(container, ["sh", "-c", script], ct);

    public async Task<string> RunAsync(string what, string script, CancellationToken ct = default)
    {
        var result = await TryAsync(script, ct);
        return result.Succeeded
            ? result.Stdout
            : throw new InvalidOperationException($"{what} in {container} failed with exit code {result.ExitCode}: {result.Stderr.Trim()}\nscript:\n{script}");
    }
}
