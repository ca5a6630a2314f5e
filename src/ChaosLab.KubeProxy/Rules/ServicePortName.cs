namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// One port of one service, as kube-proxy names it: "ns/svc:port", or "ns/svc" when the port has no
/// name. This string (plus the protocol) is what chain names are hashed from and what comments show.
/// </summary>
public readonly record struct ServicePortName(string Namespace, string Name, string Port)
{
    public override string ToString() => Port.Length == 0 ? $"{Namespace}/{Name}" : $"{Namespace}/{Name}:{Port}";
}
