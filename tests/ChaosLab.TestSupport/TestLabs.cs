using System.Security.Cryptography;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Network;

namespace ChaosLab.TestSupport;

/// <summary>Preparing the machine, bringing real labs up and down, and checking what they left, for integration tests.</summary>
public static class TestLabs
{
    /// <summary>A unique lab name per test run ("it-single-3fa2"), so runs never collide.</summary>
    public static string UniqueName(string prefix) => $"it-{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";

    public static ILabProgress Progress { get; } = new TextLabProgress(TestContext.Progress);

    /// <summary>
    /// Before any lab comes up: the Docker engine must answer (scripts/setup starts it), leftovers of crashed
    /// runs are reaped, and the node image exists (built once, cached in the engine). Without an engine, uses its own.
    /// </summary>
    public static async Task PrepareMachineAsync(DockerEngine? engine = null)
    {
        using var own = engine is null ? new DockerEngine() : null;
        var docker = engine ?? own!;
        await docker.EnsureReachableAsync();
        var report = await new LabController(docker, Progress).ReapAsync();
        foreach (var line in report.Reaped)
        {
            await TestContext.Progress.WriteLineAsync($"reaped {line}");
        }
        foreach (var warning in report.Warnings)
        {
            await TestContext.Progress.WriteLineAsync($"reaper warning: {warning}");
        }
        await new NodeImageBuilder(docker, Progress).EnsureAsync();
    }

    /// <summary>Brings a bundled topology up, bound to this test process (the reaper removes it if the run crashes).</summary>
    public static async Task<LabState> UpAsync(IContainerEngine engine, string topology, string name, TimeSpan? readyTimeout = null) =>
        await new LabController(engine, Progress).UpAsync(new UpOptions(TestPaths.Topology(topology), name, Persistent: false, ReadyTimeout: readyTimeout));

    /// <summary>Takes a lab down; when a test of the calling fixture or suite failed, its nodes' logs are kept first (<see cref="KeepLogsIfFailedAsync"/>).</summary>
    public static async Task DownAsync(IContainerEngine engine, string name)
    {
        await KeepLogsIfFailedAsync(engine, name);
        var removed = await new LabController(engine, Progress).DownAsync(name);
        foreach (var left in removed.Remaining)
        {
            await TestContext.Progress.WriteLineAsync($"down of lab {name} left {left}");
        }
    }

    /// <summary>
    /// Copies every node's container output and component logs to artifacts/lab-logs/LAB/NODE/ when the
    /// current fixture or suite has a failed test, so a failure can be read after the lab is gone.
    /// </summary>
    public static async Task KeepLogsIfFailedAsync(IContainerEngine engine, string name)
    {
        if (TestContext.CurrentContext.Result.FailCount == 0)
        {
            return;
        }
        var destination = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "lab-logs", name);
        try
        {
            var nodes = await LabLogs.CollectAsync(engine, name, destination);
            await TestContext.Progress.WriteLineAsync($"a test failed: logs of {nodes.Count} node(s) of lab {name} kept in {destination}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await TestContext.Progress.WriteLineAsync($"a test failed, but the logs of lab {name} could not be kept: {ex.Message}");
        }
    }

    /// <summary>What is still on the machine for a lab: labelled containers, networks, volumes, host rules, folder.</summary>
    public static async Task<string> LeftoversAsync(IContainerEngine engine, string lab)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var selector = $"{LabLabels.Lab}={lab}";
        var parts = new List<string>();
        if ((await engine.ListContainersAsync(selector)) is { Count: > 0 } containers)
        {
            parts.Add($"containers {string.Join(",", containers.Select(c => c.Name))}");
        }
        if ((await engine.ListNetworksAsync(selector)) is { Count: > 0 } networks)
        {
            parts.Add($"networks {string.Join(",", networks.Select(n => n.Name))}");
        }
        if ((await engine.ListVolumesAsync(selector)) is { Count: > 0 } volumes)
        {
            parts.Add($"volumes {volumes.Count}");
        }
        if ((await HostFirewall.ListAsync()).Count(r => r.Comment.StartsWith($"chaoslab:{lab}:", StringComparison.Ordinal)) is > 0 and var rules)
        {
            parts.Add($"firewall rules {rules}");
        }
        if (Directory.Exists(LabPaths.For(lab).Root))
        {
            parts.Add("lab folder");
        }
        return string.Join("; ", parts);
    }
}
