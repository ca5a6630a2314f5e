using System.Net;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab;

/// <summary>A node of a running (or planned) lab: its name, role and fixed address on the lab network.</summary>
public sealed record LabNode(string Name, NodeRole Role, IPAddress Address)
{
    /// <summary>Whether the node runs a kubelet and a container runtime (today: workers).</summary>
    public bool RunsPods => Role == NodeRole.Worker;

    public bool RunsEtcd(EtcdLayout layout) =>
        Role == (layout == EtcdLayout.Stacked ? NodeRole.ControlPlane : NodeRole.Etcd);
}
