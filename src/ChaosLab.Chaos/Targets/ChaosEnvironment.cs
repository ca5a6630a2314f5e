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
    {
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
