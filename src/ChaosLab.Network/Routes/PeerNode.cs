using System.Net;

namespace ChaosLab.Network.Routes;

/// <summary>Another node: its podCIDR and its address on the node network, the next hop to its pods.</summary>
public sealed record PeerNode(IPNetwork PodCidr, IPAddress NodeIp);
