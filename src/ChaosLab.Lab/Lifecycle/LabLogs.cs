using ChaosLab.Lab.Docker;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// Copies what a lab's nodes logged out of their containers before the lab goes away: per node, the
/// container's own output (the supervisor) and every component's log file. A node that cannot be read
/// (removed, or its engine call failed) gets a note instead, so one bad node never hides the others.
/// </summary>
public static class LabLogs
{
    /// <summary>The container output's tail kept per node; component log files are copied whole.</summary>
    public const int ContainerLogTail = 5000;

    /// <returns>The nodes whose logs were written under <paramref name="destination"/>/NODE/.</returns>
    /// <exception cref="LabNotFoundException">No container carries the lab's label.</exception>
    public static async Task<IReadOnlyList<string>> CollectAsync(IContainerEngine engine, string labName, string destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var containers = await engine.ListContainersAsync($"{LabLabels.Lab}={labName}", ct);
        if (containers.Count == 0)
        {
            throw new LabNotFoundException($"lab '{labName}' has no node containers on this machine");
        }
        var collected = new List<string>();
        foreach (var container in containers.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var node = container.Labels.TryGetValue(LabLabels.Node, out var n) ? n : container.Name;
            var folder = Path.Combine(destination, node);
            Directory.CreateDirectory(folder);
            try
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "container.log"), await engine.LogsAsync(container.Id, ContainerLogTail, ct), ct);
                await engine.CopyFromAsync(container.Id, NodeConfig.ComponentLogDirectory, folder, ct);
                collected.Add(node);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "collect-error.txt"), $"could not read the logs of {container.Name}: {ex.Message}\n", ct);
            }
        }
        return collected;
    }
}
