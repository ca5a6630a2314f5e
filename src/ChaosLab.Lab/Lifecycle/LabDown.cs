using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>Removes every trace of one lab: its containers, network, volumes, host firewall rules and folder.</summary>
public static class LabDown
{
    /// <param name="labId">Only objects of this lab instance; null removes every object with the lab's name.</param>
    public static async Task<RemovedObjects> RunAsync(IContainerEngine engine, string labName, string? labId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var selector = labId is null ? $"{LabLabels.Lab}={labName}" : $"{LabLabels.LabId}={labId}";
        var containers = await engine.ListContainersAsync(selector, ct);
        await Task.WhenAll(containers.Select(c => engine.RemoveContainerAsync(c.Id, ct)));
        var networks = await engine.ListNetworksAsync(selector, ct);
        foreach (var network in networks)
        {
            await engine.RemoveNetworkAsync(network.Id, ct);
        }
        var volumes = await engine.ListVolumesAsync(selector, ct);
        foreach (var volume in volumes)
        {
            await engine.RemoveVolumeAsync(volume.Name, ct);
        }
        var prefix = $"{LabLabels.FirewallCommentPrefix}{labName}:{labId}";
        var rules = await HostFirewall.RemoveAsync(c => labId is null ? c.StartsWith($"{LabLabels.FirewallCommentPrefix}{labName}:", StringComparison.Ordinal) : c == prefix, ct);

        var paths = LabPaths.For(labName);
        var state = LabState.TryLoad(paths);
        var folderRemoved = false;
        if (Directory.Exists(paths.Root) && (labId is null || state is null || state.Id == labId))
        {
            Directory.Delete(paths.Root, recursive: true);
            folderRemoved = true;
        }
        return new RemovedObjects(containers.Count, networks.Count, volumes.Count, rules, folderRemoved);
    }
}

public sealed record RemovedObjects(int Containers, int Networks, int Volumes, int FirewallRules, bool Folder)
{
    public bool Any => Containers + Networks + Volumes + FirewallRules > 0 || Folder;

    public override string ToString() =>
        $"{Containers} containers, {Networks} networks, {Volumes} volumes, {FirewallRules} firewall rules{(Folder ? ", lab folder" : "")}";
}
