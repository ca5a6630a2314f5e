using ChaosLab.Chaos.Agent;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Image;
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
    private ClusterTarget(string name, string topology, TimingProfile profile, string kubeconfig, IContainerEngine engine, LabState? lab, IReadOnlyList<string> containers, bool owned)
    {
        Owned = owned;
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

    /// <summary>
    /// The ChaosLab lab behind this cluster: the bundled one, or one found behind a kubeconfig. Null for
    /// any other cluster (then component and etcd faults are not offered).
    /// </summary>
    public LabState? Lab { get; }

    private IReadOnlyList<string> Containers { get; }

    /// <summary>Brought up by the harness (and replaced or removed by it); a kubeconfig target is never touched.</summary>
    public bool Owned { get; }

    public string Describe() => (Owned, Lab) switch
    {
        (true, _) => $"bundled lab {Name} (topology {Topology}, profile {Profile.Name})",
        (false, { } lab) => $"ChaosLab lab {lab.Name} (topology {Topology}) of kubeconfig {Kubeconfig} (profile {Profile.Name})",
        _ => $"cluster of kubeconfig {Kubeconfig} (profile {Profile.Name})",
    };

    public static ClusterTarget ForLab(IContainerEngine engine, LabState lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var profile = TimingProfile.Find(lab.Profile) ?? TimingProfile.Kubernetes;
        return new ClusterTarget(lab.Name, lab.TopologyName, profile, LabPaths.For(lab.Name).Kubeconfig, engine, lab, [], owned: true);
    }

    /// <summary>
    /// Any cluster by kubeconfig. Its nodes' containers are found on the Docker engine by the node
    /// label ChaosLab puts on its containers or by container name (kind's convention); extra
    /// containers (control plane, lb) can be named in <paramref name="containers"/>. When the API
    /// endpoint is a container of a ChaosLab lab on this machine (one started with `chaoslab up`), the
    /// target is that lab, with its supervisors and etcd: then component and etcd faults work too.
    /// Without <paramref name="profile"/>, the bounds follow the lab's profile, else the kubernetes one.
    /// </summary>
    public static async Task<ClusterTarget> ForKubeconfigAsync(IContainerEngine engine, string kubeconfig, TimingProfile? profile, IReadOnlyList<string> containers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!File.Exists(kubeconfig))
        {
            throw new FileNotFoundException($"the target's kubeconfig {kubeconfig} does not exist", kubeconfig);
        }
        var lab = await LabBehindAsync(engine, kubeconfig, ct);
        if (lab is not null)
        {
            return new ClusterTarget(lab.Name, lab.TopologyName, profile ?? TimingProfile.Find(lab.Profile) ?? TimingProfile.Kubernetes, kubeconfig, engine, lab, containers, owned: false);
        }
        var name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(kubeconfig))) ?? "external";
        return new ClusterTarget(name, "external", profile ?? TimingProfile.Kubernetes, kubeconfig, engine, null, containers, owned: false);
    }

    /// <summary>The ready ChaosLab lab one of whose containers has the kubeconfig's server address, if any.</summary>
    private static async Task<LabState?> LabBehindAsync(IContainerEngine engine, string kubeconfig, CancellationToken ct)
    {
        var server = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig).Host;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || !System.Net.IPAddress.TryParse(uri.Host, out var address))
        {
            return null;
        }
        foreach (var container in await engine.ListContainersAsync(LabLabels.Lab, ct))
        {
            if (container.State != ContainerState.Running || !container.Labels.TryGetValue(LabLabels.Lab, out var labName))
            {
                continue;
            }
            var info = await engine.InspectAsync(container.Name, ct);
            if (info is not null && info.Endpoints.Any(e => e.Address.Equals(address))
                && LabState.TryLoad(LabPaths.For(labName)) is { Phase: LabPhase.Ready } lab)
            {
                return lab;
            }
        }
        return null;
    }

    /// <summary>Forces a fault provider: `agent` (the in-cluster agent, even on a bundled lab) or `docker` (the default).</summary>
    public const string FaultProviderVariable = "CHAOSLAB_FAULT_PROVIDER";

    /// <summary>The agent image a cluster other than a bundled lab pulls (default chaoslab/agent:latest, pushed by the user).</summary>
    public const string AgentImageVariable = "CHAOSLAB_AGENT_IMAGE";

    private readonly SemaphoreSlim _agentGate = new(1, 1);
    private (AgentClient? Client, string? Problem)? _agent;

    /// <summary>True when CHAOSLAB_FAULT_PROVIDER asks for the agent; an unknown value is an error.</summary>
    public static bool AgentProviderRequested() => Environment.GetEnvironmentVariable(FaultProviderVariable) switch
    {
        null or "" or "docker" => false,
        "agent" => true,
        var other => throw new InvalidOperationException($"{FaultProviderVariable}={other} is not a fault provider; use docker or agent"),
    };

    /// <summary>The chaos port of this target.</summary>
    public async Task<ChaosEnvironment> ChaosEnvironmentAsync(CancellationToken ct = default)
    {
        if (AgentProviderRequested())
        {
            return await AgentEnvironmentAsync(ct);
        }
        if (Lab is not null)
        {
            return ChaosEnvironment.ForLab(Engine, Lab.Name, Api);
        }
        return await ChaosEnvironment.ForContainersAsync(Engine, await NodeContainersAsync(ct), Api, ct);
    }

    /// <summary>
    /// Faults through the in-cluster agent: deployed once per target (the image built and loaded first on a bundled
    /// lab). Where it cannot be scheduled, the environment refuses every fault with the reason, so that fault
    /// scenarios are skipped, not failed.
    /// </summary>
    private async Task<ChaosEnvironment> AgentEnvironmentAsync(CancellationToken ct)
    {
        await _agentGate.WaitAsync(ct);
        try
        {
            _agent ??= await DeployAgentAsync(ct);
        }
        finally
        {
            _agentGate.Release();
        }
        IReadOnlyList<ChaosNode> nodes;
        if (Lab is not null)
        {
            nodes = Lab.LabNodes().Select(n => new ChaosNode(n.Name, LabLabels.ContainerName(Lab.Name, n.Name), n.Role.ToYaml(), n.Address)).ToList();
        }
        else
        {
            nodes = (await Api.CoreV1.ListNodeAsync(cancellationToken: ct)).Items
                .Select(n => new ChaosNode(n.Metadata.Name, n.Metadata.Name, RoleOf(n), InternalAddress(n)))
                .ToList();
        }
        return ChaosEnvironment.ForAgent(Engine, nodes, Api, _agent.Value.Client, _agent.Value.Problem, $"agent-{Name}");
    }

    private async Task<(AgentClient?, string?)> DeployAgentAsync(CancellationToken ct)
    {
        try
        {
            string image;
            if (Lab is not null)
            {
                using var images = new DockerImageEngine();
                image = await new AgentImage(Engine, images, TextLabProgress.Silent).EnsureAsync(ct);
                var workers = Lab.LabNodes().Where(n => n.RunsPods).Select(n => new ImageTarget(n.Name, LabLabels.ContainerName(Lab.Name, n.Name))).ToList();
                await new ImageLoader(Engine, images, TextLabProgress.Silent).LoadAsync([image], workers, ct);
            }
            else
            {
                image = Environment.GetEnvironmentVariable(AgentImageVariable) is { Length: > 0 } given ? given : AgentImageRecipe.Repository + ":latest";
            }
            return (await AgentDeployment.DeployAsync(Api, image, AgentDeployment.DefaultReadyWithin, ct), null);
        }
        catch (AgentUnavailableException ex)
        {
            return (null, $"the fault agent cannot be scheduled on {Describe()}: {ex.Message}");
        }
    }

    /// <summary>Removes the agent from a cluster the harness does not own (a bundled lab goes as a whole).</summary>
    public async Task RemoveAgentAsync(CancellationToken ct = default)
    {
        if (_agent is { Client: not null })
        {
            await AgentDeployment.RemoveAsync(Api, TimeSpan.FromSeconds(60), ct);
            _agent = null;
        }
    }

    private static string RoleOf(k8s.Models.V1Node node) =>
        node.Metadata.Labels?.Keys.Any(k => k is "node-role.kubernetes.io/control-plane" or "node-role.kubernetes.io/master") == true ? "control-plane" : "worker";

    private static System.Net.IPAddress InternalAddress(k8s.Models.V1Node node) =>
        node.Status?.Addresses?.Where(a => a.Type == "InternalIP").Select(a => System.Net.IPAddress.TryParse(a.Address, out var ip) ? ip : null).FirstOrDefault(ip => ip is not null)
        ?? System.Net.IPAddress.None;

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

    public void Dispose()
    {
        (Api as IDisposable)?.Dispose();
        _agentGate.Dispose();
    }
}
