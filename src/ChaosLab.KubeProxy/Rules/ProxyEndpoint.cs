namespace ChaosLab.KubeProxy.Rules;

/// <summary>A ready endpoint of a service port: where traffic is DNATed to, and which node it runs on.</summary>
public sealed record ProxyEndpoint(string Ip, int Port, string? NodeName)
{
    /// <summary>"ip:port", the DNAT destination and part of the KUBE-SEP chain's hash.</summary>
    public override string ToString() => $"{Ip}:{Port}";
}
