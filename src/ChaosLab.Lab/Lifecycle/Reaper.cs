using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// Removes what crashed runs left behind. A lab instance is alive while its state file says it is a
/// finished persistent lab (brought up by `chaoslab up`) or while the process that created it still
/// runs; every other labelled object, host rule or lab folder is a leftover and goes.
/// </summary>
public static class Reaper
{
    public static async Task<IReadOnlyList<string>> ReapAsync(IContainerEngine engine, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var instances = new Dictionary<(string Lab, string Id), string?>();
        var reapedFolders = new List<string>();
        foreach (var c in await engine.ListContainersAsync(LabLabels.Lab, ct))
        {
            Note(instances, c.Labels);
        }
        foreach (var n in await engine.ListNetworksAsync(LabLabels.Lab, ct))
        {
            Note(instances, n.Labels);
        }
        foreach (var rule in await HostFirewall.ListAsync(ct))
        {
            if (rule.Comment.Split(':') is [_, var lab, var id])
            {
                instances.TryAdd((lab, id), null);
            }
        }
        foreach (var folder in Directory.Exists(LabPaths.LabsRoot) ? Directory.GetDirectories(LabPaths.LabsRoot) : [])
        {
            var state = LabState.TryLoad(new LabPaths(folder));
            if (state is null && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromMinutes(1))
            {
                // A folder without state holds nothing running: no container is created before the state file.
                reapedFolders.Add(folder);
            }
            if (state is null)
            {
                continue;
            }
            instances.TryAdd((Path.GetFileName(folder), state.Id), state.Owner);
        }

        var reaped = new List<string>();
        foreach (var folder in reapedFolders)
        {
            Directory.Delete(folder, recursive: true);
            reaped.Add($"{Path.GetFileName(folder)}: lab folder without state");
        }
        foreach (var ((lab, id), owner) in instances)
        {
            if (IsAlive(lab, id, owner))
            {
                continue;
            }
            var removed = await LabDown.RunAsync(engine, lab, id, ct);
            if (removed.Any)
            {
                reaped.Add($"{lab} ({id}): {removed}");
            }
        }
        return reaped;
    }

    private static void Note(Dictionary<(string, string), string?> instances, IReadOnlyDictionary<string, string> labels)
    {
        if (labels.TryGetValue(LabLabels.Lab, out var lab) && labels.TryGetValue(LabLabels.LabId, out var id))
        {
            instances.TryAdd((lab, id), labels.GetValueOrDefault(LabLabels.Owner));
        }
    }

    private static bool IsAlive(string lab, string id, string? owner)
    {
        var state = LabState.TryLoad(LabPaths.For(lab));
        if (state is not null && state.Id == id)
        {
            return (state.Persistent && state.Phase == LabPhase.Ready) || ProcessIdentity.IsAlive(state.Owner);
        }
        // No state of this instance: alive only while its creator is (it may not have written state yet).
        return ProcessIdentity.IsAlive(owner);
    }
}
