using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab;

/// <summary>
/// The lab's C# API: what `chaoslab up/down/status/logs/kubeconfig/clean` do, callable from the harness.
/// </summary>
public sealed class LabController(IContainerEngine engine, ILabProgress progress)
{
    public IContainerEngine Engine => engine;

    public Task<LabState> UpAsync(UpOptions options, CancellationToken ct = default) => new LabUp(engine, progress).RunAsync(options, ct);

    public async Task<RemovedObjects> DownAsync(string labName, CancellationToken ct = default)
    {
        LabUp.ValidateName(labName);
        return await LabDown.RunAsync(engine, labName, null, ct);
    }

    public Task<LabStatus> StatusAsync(string labName, CancellationToken ct = default) => LabStatus.ReadAsync(engine, labName, ct);

    /// <summary>The node container's output (its supervisor) or, with a component, that component's log.</summary>
    public async Task<string> LogsAsync(string labName, string node, string? component, int tail, CancellationToken ct = default)
    {
        var state = LabState.Load(labName);
        var labNode = state.Find(node)
            ?? throw new LabException($"lab '{labName}' has no node '{node}'; nodes: {string.Join(", ", state.Nodes.Select(n => n.Name))}");
        if (component is null)
        {
            return await engine.LogsAsync(LabLabels.ContainerName(labName, node), tail, ct);
        }
        using var client = new SupervisorClient(LabPaths.For(labName));
        return await client.LogAsync(labNode, component, tail, ct);
    }

    public static string KubeconfigPath(string labName)
    {
        var state = LabState.Load(labName);
        return state.Phase == LabPhase.Ready
            ? LabPaths.For(labName).Kubeconfig
            : throw new LabException($"lab '{labName}' is still coming up (or its up failed); no kubeconfig yet");
    }

    /// <summary>Removes every ChaosLab object on this machine (or one lab's), alive or not.</summary>
    public async Task<IReadOnlyList<string>> CleanAsync(string? labName, CancellationToken ct = default)
    {
        var names = new HashSet<string>();
        if (labName is not null)
        {
            names.Add(labName);
        }
        else
        {
            foreach (var c in await engine.ListContainersAsync(LabLabels.Lab, ct))
            {
                names.Add(c.Labels[LabLabels.Lab]);
            }
            foreach (var n in await engine.ListNetworksAsync(LabLabels.Lab, ct))
            {
                names.Add(n.Labels[LabLabels.Lab]);
            }
            foreach (var rule in await Network.HostFirewall.ListAsync(ct))
            {
                names.Add(rule.Comment.Split(':')[1]);
            }
            if (Directory.Exists(LabPaths.LabsRoot))
            {
                names.UnionWith(Directory.GetDirectories(LabPaths.LabsRoot).Select(Path.GetFileName).OfType<string>());
            }
        }
        var removed = new List<string>();
        foreach (var name in names)
        {
            var objects = await LabDown.RunAsync(engine, name, null, ct);
            if (objects.Found)
            {
                removed.Add(objects.Complete ? $"{name}: {objects}" : $"{name}: {objects}; still there: {string.Join("; ", objects.Remaining)}");
            }
        }
        return removed;
    }

    /// <summary>Removes leftovers of crashed runs; what will not go comes back as warnings (only an engine that does not answer throws).</summary>
    public Task<ReapReport> ReapAsync(CancellationToken ct = default) => Reaper.ReapAsync(engine, ct);

    public static TopologySpec LoadTopology(string path) => TopologyLoader.Load(path);
}
