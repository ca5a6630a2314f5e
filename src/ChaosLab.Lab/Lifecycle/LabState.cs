using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Lifecycle;

public enum LabPhase
{
    Creating,
    Ready,
}

/// <summary>
/// A lab as recorded in its state file (lab.json). Everything `status`, `down`, the reaper and the
/// harness need to find the lab again, without asking Docker to re-derive it.
/// </summary>
public sealed record LabState(
    string Name,
    string Id,
    string TopologyFile,
    string TopologyName,
    string Profile,
    EtcdLayout EtcdLayout,
    LabPhase Phase,
    bool Persistent,
    string Owner,
    string Network,
    string Bridge,
    string NodeSubnet,
    string Image,
    IReadOnlyList<LabNodeRecord> Nodes,
    DateTimeOffset CreatedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public IReadOnlyList<LabNode> LabNodes() => Nodes.Select(n => n.ToLabNode()).ToList();

    public IReadOnlyList<LabNode> EtcdMembers() => LabNodes().Where(n => n.RunsEtcd(EtcdLayout)).ToList();

    public LabNode? Find(string nodeName) => LabNodes().FirstOrDefault(n => n.Name == nodeName);

    /// <summary>Where clients reach the API: the lb when there is one, else the single control plane.</summary>
    public LabNode ApiEndpointNode() =>
        LabNodes().FirstOrDefault(n => n.Role == NodeRole.LoadBalancer) ?? LabNodes().First(n => n.Role == NodeRole.ControlPlane);

    public void Save(LabPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Directory.CreateDirectory(paths.Root);
        var temp = paths.StateFile + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, paths.StateFile, overwrite: true);
    }

    public static LabState? TryLoad(LabPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        try
        {
            return File.Exists(paths.StateFile) ? JsonSerializer.Deserialize<LabState>(File.ReadAllText(paths.StateFile), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static LabState Load(string labName) =>
        TryLoad(LabPaths.For(labName))
        ?? throw new LabNotFoundException($"no lab named '{labName}' is up (no state in {LabPaths.For(labName).Root}); start one with `chaoslab up --name {labName}`");
}

public sealed record LabNodeRecord(string Name, NodeRole Role, string Address)
{
    public LabNode ToLabNode() => new(Name, Role, IPAddress.Parse(Address));

    public static LabNodeRecord From(LabNode node) => new(node!.Name, node.Role, node.Address.ToString());
}
