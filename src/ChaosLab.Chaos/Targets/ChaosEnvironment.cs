using ChaosLab.Chaos.Agent;
using ChaosLab.Chaos.Model;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using k8s;

namespace ChaosLab.Chaos.Targets;

/// <summary>
/// What faults act on: the Docker engine, the nodes (lab nodes or any containers named by the user),
/// and, for the bundled lab, its supervisors and etcd. The Kubernetes API is optional and only used to
/// resolve targets such as "the node running pod X" or "the node holding Lease kube-scheduler".
/// </summary>
public sealed class ChaosEnvironment : IDisposable
{
    private ChaosEnvironment(string scope, IContainerEngine engine, IReadOnlyList<ChaosNode> nodes, LabState? lab, IKubernetes? api)
        : this(scope, engine, nodes, lab, api, lab is null ? FaultCapabilities.DockerContainers : FaultCapabilities.DockerLab, null, null)
    {
    }

    private ChaosEnvironment(string scope, IContainerEngine engine, IReadOnlyList<ChaosNode> nodes, LabState? lab, IKubernetes? api,
        FaultCapability capabilities, AgentClient? agent, string? providerProblem)
    {
        Capabilities = capabilities;
        Agent = agent;
        ProviderProblem = providerProblem;
        Scope = scope;
        Engine = engine;
        Nodes = nodes;
        Lab = lab;
        Api = api;
        if (lab is not null)
        {
            Supervisor = new SupervisorClient(LabPaths.For(lab.Name), TimeSpan.FromSeconds(3));
            PatientSupervisor = new SupervisorClient(LabPaths.For(lab.Name), TimeSpan.FromSeconds(30));
            Etcd = EtcdProbe.ForLab(LabPaths.For(lab.Name));
        }
    }

    /// <summary>Names the state file of this environment's active faults: "lab-NAME" or "docker-HASH".</summary>
    public string Scope { get; }

    public IContainerEngine Engine { get; }

    public IReadOnlyList<ChaosNode> Nodes { get; }

    /// <summary>The bundled lab, when the target is one; component and etcd faults need it.</summary>
    public LabState? Lab { get; }

    public IKubernetes? Api { get; }

    public SupervisorClient? Supervisor { get; }

    /// <summary>For actions that take long on a loaded machine: stopping etcd waits for it to exit (a leader hands its leadership over first).</summary>
    public SupervisorClient? PatientSupervisor { get; }

    public EtcdProbe? Etcd { get; }

    /// <summary>What this environment's provider can do (see <see cref="FaultCapabilities"/>).</summary>
    public FaultCapability Capabilities { get; }

    /// <summary>The in-cluster agents, when faults go through the agent provider.</summary>
    public AgentClient? Agent { get; }

    /// <summary>Why the agent provider cannot act here (it could not be deployed or scheduled); null when it can.</summary>
    public string? ProviderProblem { get; }

    /// <summary>True when faults go through the in-cluster agent rather than Docker.</summary>
    public bool UsesAgent => Agent is not null || ProviderProblem is not null;

    public string ProviderName => UsesAgent ? "agent" : Lab is null ? "docker" : "docker+supervisor";

    /// <summary>
    /// The fault as this provider runs it. The Docker providers run faults as they are; the agent provider checks the
    /// capabilities the fault needs and runs the agent's version of it.
    /// </summary>
    /// <exception cref="TargetNotSupportedException">The provider lacks a capability the fault needs, or the agent is unavailable.</exception>
    public IFault Adapt(IFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (!UsesAgent)
        {
            return fault;
        }
        if (ProviderProblem is not null)
        {
            throw new TargetNotSupportedException(ProviderProblem);
        }
        var missing = FaultCapabilities.Missing(Capabilities, FaultCapabilities.Required(fault));
        if (missing != FaultCapability.None)
        {
            throw new TargetNotSupportedException($"the {ProviderName} provider lacks {FaultCapabilities.Describe(missing)} (it offers {FaultCapabilities.Describe(Capabilities)}), which {fault.Name} needs");
        }
        return AgentFaults.Adapt(fault);
    }

    /// <summary>
    /// Faults through the in-cluster agents. <paramref name="nodes"/> are the nodes targets can name (those without an
    /// agent can still be the far side of a partition); with <paramref name="agent"/> null, every fault is refused with
    /// <paramref name="problem"/> (the agent could not be scheduled there).
    /// </summary>
    public static ChaosEnvironment ForAgent(IContainerEngine engine, IReadOnlyList<ChaosNode> nodes, IKubernetes api, AgentClient? agent, string? problem, string scope)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (agent is null && problem is null)
        {
            throw new ArgumentException("without an agent, say why", nameof(problem));
        }
        return new ChaosEnvironment(scope, engine, nodes, null, api, agent is null ? FaultCapability.None : FaultCapabilities.Agent, agent, problem);
    }

    public static ChaosEnvironment ForLab(IContainerEngine engine, string labName, IKubernetes? api = null)
    {
        var lab = LabState.Load(labName);
        var nodes = lab.LabNodes()
            .Select(n => new ChaosNode(n.Name, LabLabels.ContainerName(lab.Name, n.Name), n.Role.ToYaml(), n.Address))
            .ToList();
        return new ChaosEnvironment($"lab-{lab.Name}", engine, nodes, lab, api);
    }

    /// <summary>Any Docker containers (the nodes of another tool's cluster): node and network faults only.</summary>
    public static async Task<ChaosEnvironment> ForContainersAsync(IContainerEngine engine, IReadOnlyList<string> containers, IKubernetes? api = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(containers);
        if (containers.Count == 0)
        {
            throw new FaultOptionsException("name at least one container to act on");
        }
        var nodes = new List<ChaosNode>();
        foreach (var name in containers.Distinct(StringComparer.Ordinal))
        {
            var info = await engine.InspectAsync(name, ct) ?? throw new FaultOptionsException($"no container named '{name}' on this Docker engine");
            var endpoint = (info.Endpoints.Count > 0 ? info.Endpoints[0] : null)
                ?? throw new FaultOptionsException($"container '{name}' has no address on any network (is it running?)");
            // Containers a node tool labelled (ChaosLab's own, kind's) keep their node names and roles.
            var nodeName = info.Labels.TryGetValue(LabLabels.Node, out var labelled) ? labelled : info.Name;
            var role = info.Labels.TryGetValue(LabLabels.Role, out var labelledRole) ? labelledRole
                : info.Labels.TryGetValue(KindRoleLabel, out var kindRole) ? kindRole
                : ChaosNode.ExternalRole;
            nodes.Add(new ChaosNode(nodeName, info.Name, role, endpoint.Address));
        }
        var scope = "docker-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(',', nodes.Select(n => n.Container).Order(StringComparer.Ordinal)))))[..12];
        return new ChaosEnvironment(scope, engine, nodes, null, api);
    }

    /// <summary>The labels by which node tools mark the containers of one cluster: ChaosLab's and kind's.</summary>
    public static IReadOnlyList<string> ClusterLabels { get; } = [LabLabels.Lab, "io.x-k8s.kind.cluster"];

    private const string KindRoleLabel = "io.x-k8s.kind.role";

    public ChaosNode Node(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name || n.Container == name)
        ?? throw new FaultOptionsException($"unknown node '{name}'; nodes: {string.Join(", ", Nodes.Select(n => n.Name))}");

    public LabState RequireLab(string what) =>
        Lab ?? throw new TargetNotSupportedException($"{what} needs the bundled lab (its supervisors and etcd); this target is plain Docker containers, which offer node and network faults only");

    public LabNode LabNode(ChaosNode node) => RequireLab("a component fault").Find(node.Name)!;

    public IReadOnlyList<ChaosNode> EtcdMembers()
    {
        var lab = RequireLab("an etcd target");
        var members = lab.EtcdMembers().Select(m => m.Name).ToHashSet();
        return Nodes.Where(n => members.Contains(n.Name)).ToList();
    }

    public void Dispose()
    {
        Supervisor?.Dispose();
        PatientSupervisor?.Dispose();
        Etcd?.Dispose();
    }
}
