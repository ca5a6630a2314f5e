namespace ChaosLab.Lab.Topology;

/// <summary>What a node is for. YAML spells these control-plane, worker, etcd and lb.</summary>
public enum NodeRole
{
    ControlPlane,
    Worker,
    Etcd,
    LoadBalancer,
}

public static class NodeRoleNames
{
    public static string ToYaml(this NodeRole role) => role switch
    {
        NodeRole.ControlPlane => "control-plane",
        NodeRole.Worker => "worker",
        NodeRole.Etcd => "etcd",
        NodeRole.LoadBalancer => "lb",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string text, out NodeRole role)
    {
        foreach (var candidate in Enum.GetValues<NodeRole>())
        {
            if (candidate.ToYaml() == text)
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    /// <summary>Prefix of node names of this role: cp-1, worker-2, etcd-3, lb.</summary>
    public static string NamePrefix(this NodeRole role) => role switch
    {
        NodeRole.ControlPlane => "cp",
        NodeRole.Worker => "worker",
        NodeRole.Etcd => "etcd",
        NodeRole.LoadBalancer => "lb",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
