using System.Net;

namespace ChaosLab.Chaos.Targets;

/// <summary>
/// A node faults can act on: a container on the Docker engine, known by the name scenarios use
/// (the lab's node name, or the container's name for other clusters), its role and its address.
/// </summary>
public sealed record ChaosNode(string Name, string Container, string Role, IPAddress Address)
{
    public const string ExternalRole = "external";

    public override string ToString() => Name;
}
