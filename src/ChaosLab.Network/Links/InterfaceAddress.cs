using System.Net;

namespace ChaosLab.Network.Links;

/// <summary>An address on an interface with its prefix (10.244.1.5/24); unlike IPNetwork it keeps host bits.</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    public override string ToString() => $"{Address}/{PrefixLength}";
}
