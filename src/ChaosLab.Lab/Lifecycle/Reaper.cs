using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// Removes what crashed runs left behind. A lab instance is alive while its state file says it is a
/// finished persistent lab (brought up by `chaoslab up`) or while the process that created it still
/// runs; every other labelled object, host rule or lab folder is a leftover and goes. The state file is read
/// in the lab's own folder (its objects' folder label), so labs of another CHAOSLAB_HOME are judged by their
/// own state, not taken for leftovers.
/// A leftover that will not go is a warning, never an error: an unrelated `up` must not fail because of
/// another lab's remains. Only an engine that does not answer (listing its objects fails) is an error.
/// </summary>
public static class Reaper
{
    public static Task<ReapReport> ReapAsync(IContainerEngine engine, CancellationToken ct = default) => ReapAsync(engine, new TeardownOptions(), ct);

    public static async Task<ReapReport> ReapAsync(IContainerEngine engine, TeardownOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        var instances = new Dictionary<(string Lab, string Id), Creator>();
        var reaped = new List<string>();
        var warnings = new List<string>();
        foreach (var c in await engine.ListContainersAsync(LabLabels.Lab, ct))
        {
            Note(instances, c.Labels);
        }
        foreach (var n in await engine.ListNetworksAsync(LabLabels.Lab, ct))
        {
            Note(instances, n.Labels);
        }
        foreach (var v in await engine.ListVolumesAsync(LabLabels.Lab, ct))
        {
            Note(instances, v.Labels);
        }
        foreach (var rule in await ListRulesAsync(options.Firewall, warnings, ct))
        {
            if (rule.Comment.Split(':') is [_, var lab, var id])
            {
                instances.TryAdd((lab, id), new Creator(null, null));
            }
        }
        foreach (var folder in NoteFolders(options, instances, warnings))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                reaped.Add($"{Path.GetFileName(folder)}: lab folder without state");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"leftover lab folder {folder} (no state) not removed: {ex.Message}");
            }
        }

        foreach (var ((lab, id), owner) in instances)
        {
            try
            {
                if (IsAlive(options, lab, id, owner))
                {
                    continue;
                }
                var removed = await LabDown.RunAsync(engine, lab, id, options, ct);
                if (removed.Any)
                {
                    reaped.Add($"{lab} ({id}): {removed}");
                }
                warnings.AddRange(removed.Remaining.Select(r => $"leftover of lab {lab} ({id}) not removed: {r}"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                warnings.Add($"leftovers of lab {lab} ({id}) not removed: {ex.Message}");
            }
        }
        return new ReapReport(reaped, warnings);
    }

    private static async Task<IReadOnlyList<FirewallRule>> ListRulesAsync(IHostFirewall firewall, List<string> warnings, CancellationToken ct)
    {
        try
        {
            return await firewall.ListAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            warnings.Add($"host firewall rules could not be listed, so leftover rules stay: {ex.Message}");
            return [];
        }
    }

    /// <summary>Notes the instance each lab folder's state names; returns the folders without state, which are leftovers themselves.</summary>
    private static List<string> NoteFolders(TeardownOptions options, Dictionary<(string, string), Creator> instances, List<string> warnings)
    {
        var stateless = new List<string>();
        try
        {
            foreach (var folder in Directory.Exists(options.LabsRoot) ? Directory.GetDirectories(options.LabsRoot) : [])
            {
                var state = LabState.TryLoad(new LabPaths(folder));
                if (state is not null)
                {
                    instances.TryAdd((Path.GetFileName(folder), state.Id), new Creator(state.Owner, folder));
                }
                else if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromMinutes(1))
                {
                    // A folder without state holds nothing running: no container is created before the state file.
                    stateless.Add(folder);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"lab folders in {options.LabsRoot} could not be read, so leftover folders stay: {ex.Message}");
        }
        return stateless;
    }

    private static void Note(Dictionary<(string, string), Creator> instances, IReadOnlyDictionary<string, string> labels)
    {
        if (labels.TryGetValue(LabLabels.Lab, out var lab) && labels.TryGetValue(LabLabels.LabId, out var id))
        {
            instances.TryAdd((lab, id), new Creator(labels.GetValueOrDefault(LabLabels.Owner), labels.GetValueOrDefault(LabLabels.Folder)));
        }
    }

    private static bool IsAlive(TeardownOptions options, string lab, string id, Creator creator)
    {
        // Objects of older labs carry no folder label: their state is where this run keeps its own.
        var paths = creator.Folder is { Length: > 0 } folder ? new LabPaths(folder) : options.Paths(lab);
        var state = LabState.TryLoad(paths);
        if (state is not null && state.Id == id)
        {
            return (state.Persistent && state.Phase == LabPhase.Ready) || ProcessIdentity.IsAlive(state.Owner);
        }
        // No state of this instance: alive only while its creator is (it may not have written state yet).
        return ProcessIdentity.IsAlive(creator.Owner);
    }

    /// <summary>Who made a lab instance and where its folder is, as far as its objects or its folder tell.</summary>
    private sealed record Creator(string? Owner, string? Folder);
}

/// <summary>
/// What the reaper removed ("LAB (ID): 3 containers, ...") and what it could not, each warning naming the object and why.
/// Warnings never stop a run; what they name is tried again by the next reaper.
/// </summary>
public sealed record ReapReport(IReadOnlyList<string> Reaped, IReadOnlyList<string> Warnings);
