using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Network.Tests.Support;

/// <summary>Shell commands in one lab node container (docker exec), where the plugin and workloads run as root.</summary>
public sealed class NodeShell(IContainerEngine engine, string container, string nodeName)
{
    /// <summary>chaoslab-node as the node runs it: the lab's copy on the host's .NET runtime, both mounted.</summary>
    public const string ChaoslabNode = $"{NodeBinary.DotnetRoot}/dotnet {NodeBinary.MountPoint}/chaoslab-node.dll";

    public string Container => container;

    public string NodeName => nodeName;

    public Task<ExecResult> TryAsync(string script, CancellationToken ct = default) => engine.ExecAsync(container, ["sh", "-c", script], ct);

    /// <summary>Runs the script and returns stdout; a non-zero exit fails the test with the script, exit code and output.</summary>
    public async Task<string> RunAsync(string script, CancellationToken ct = default)
    {
        var result = await TryAsync(script, ct);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"on {nodeName}: `{script}` exited {result.ExitCode}\nstderr: {result.Stderr}\nstdout: {result.Stdout}");
        }
        return result.Stdout;
    }

    /// <summary>Writes a file in the node (the content must not contain single quotes).</summary>
    public Task WriteFileAsync(string path, string content) => RunAsync($"printf '%s' '{content}' > {path}");
}
