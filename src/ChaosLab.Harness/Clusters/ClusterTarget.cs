using ChaosLab.Chaos.Targets;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using k8s;

namespace ChaosLab.Harness.Clusters;

/// <summary>
/// The cluster a scenario runs against: its API (all steps speak it) and its chaos port (the faults the
/// target's provider supports). Either a bundled lab or any cluster given by kubeconfig whose nodes are
/// Docker containers.
/// </summary>
public sealed class ClusterTarget : IDisposable
{
    private ClusterTarget(string name, string topology, TimingProfile profile, string kubeconfig, IContainerEngine engine, LabState? lab, IReadOnlyList<string> containers)
    {
        Name = name;
        Topology = topology;
        Profile = profile;
        Kubeconfig = kubeconfig;
        Engine = engine;
        Lab = lab;
        Containers = containers;
        Api = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }

    public string Name { get; }

    /// <summary>The topology name for a bundled lab; "external" for a kubeconfig target.</summary>
    public string Topology { get; }

    public TimingProfile Profile { get; }

    public string Kubeconfig { get; }

    public IKubernetes Api { get; }

    public IContainerEngine Engine { get; }

    /// <summary>The bundled lab, or null for an external cluster (then component and etcd faults are not offered).</summary>
    public LabState? Lab { get; }

    private IReadOnlyList<string> Containers { get; }

    public bool IsBundled => Lab is not null;

    public string Describe() => IsBundled ? $"bundled lab {Name} (topology {Topology}, profile {Profile.Name})" : $"cluster of kubeconfig {Kubeconfig} (profile {Profile.Name})";

    public static ClusterTarget ForLab(IContainerEngine engine, LabState lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var profile = TimingProfile.Find(lab.Profile) ?? TimingProfile.Kubernetes;
        return new ClusterTarget(lab.Name, lab.TopologyName, profile, LabPaths.For(lab.Name).Kubeconfig, engine, lab, []);
    }

    /// <summary>
    /// Any cluster by kubeconfig. Its nodes' containers are found on the Docker engine by the node
    /// label ChaosLab puts on its containers or by container name (kind's convention); extra
    /// containers (control plane, lb) can be named in <paramref name="containers"/>.
    /// </summary>
    public static ClusterTarget ForKubeconfig(IContainerEngine engine, string kubeconfig, TimingProfile profile, IReadOnlyList<string> containers)
    {
        if (!File.Exists(kubeconfig))
        {
            throw new FileNotFoundException($"the target's kubeconfig {kubeconfig} does not exist", kubeconfig);
        }
        return new ClusterTarget(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(kubeconfig))) ?? "external", "external", profile, kubeconfig, engine, null, containers);
    }

    /// <summary>The chaos port of this target.</summary>
    public async Task<ChaosEnvironment> ChaosEnvironmentAsync(CancellationToken ct = default)
    {
        if (Lab is not null)
        {
            return ChaosEnvironment.ForLab(Engine, Lab.Name, Api);
        }
        return await ChaosEnvironment.ForContainersAsync(Engine, await NodeContainersAsync(ct), Api, ct);
    }

    /// <summary>The container of a Kubernetes node, to run checks from inside the cluster's network.</summary>
    public async Task<string> ContainerOfAsync(string nodeName, CancellationToken ct = default)
    {
        if (Lab is not null)
        {
            return LabLabels.ContainerName(Lab.Name, nodeName);
        }
        foreach (var candidate in await NodeContainersAsync(ct))
        {
            var info = await Engine.InspectAsync(candidate, ct);
            if (info is not null && (info.Name == nodeName || (info.Labels.TryGetValue(LabLabels.Node, out var n) && n == nodeName)))
            {
                return info.Name;
            }
        }
        throw new InvalidOperationException($"no Docker container found for node {nodeName} of {Describe()}");
    }

    public async Task<ExecResult> ExecOnNodeAsync(string nodeName, IReadOnlyList<string> command, CancellationToken ct = default) =>
        await Engine.ExecAsync(await ContainerOfAsync(nodeName, ct), command, ct);

    private async Task<IReadOnlyList<string>> NodeContainersAsync(CancellationToken ct)
    {
        var names = new List<string>(Containers);
        var nodes = await Api.CoreV1.ListNodeAsync(cancellationToken: ct);
        var labelled = await Engine.ListContainersAsync(LabLabels.Node, ct);
        foreach (var node in nodes.Items)
        {
            var match = labelled.FirstOrDefault(c => c.Labels[LabLabels.Node] == node.Metadata.Name && ApiMatches(c))?.Name
                ?? (await Engine.InspectAsync(node.Metadata.Name, ct))?.Name;
            if (match is not null && !names.Contains(match))
            {
                names.Add(match);
            }
        }
        // The control plane and lb rarely are Nodes: take every container of the same cluster by its tool's label.
        foreach (var label in ChaosEnvironment.ClusterLabels)
        {
            var all = await Engine.ListContainersAsync(label, ct);
            var clusters = all.Where(c => names.Contains(c.Name)).Select(c => c.Labels[label]).ToHashSet();
            names.AddRange(all.Where(c => clusters.Contains(c.Labels[label]) && !names.Contains(c.Name)).Select(c => c.Name));
        }
        return names.Count > 0 ? names : throw new InvalidOperationException($"none of the nodes of {Describe()} is a Docker container here; faults need the Docker provider");
    }

    // Several ChaosLab labs may run at once: take the containers of the lab whose kubeconfig this is.
    private bool ApiMatches(ContainerInfo container) =>
        !container.Labels.TryGetValue(LabLabels.Lab, out var lab) || Path.GetFullPath(LabPaths.For(lab).Kubeconfig) == Path.GetFullPath(Kubeconfig)
        || !Kubeconfig.StartsWith(LabPaths.LabsRoot, StringComparison.Ordinal);

    public void Dispose() => (Api as IDisposable)?.Dispose();
}
