using System.Security.Cryptography;
using System.Text;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// kube-proxy's chain names. Per-service chains carry a hash, because a chain name may be at most 28
/// characters: the first 16 characters of base32(sha256(servicePortName + protocol [+ endpoint])),
/// exactly as upstream's <c>portProtoHash</c>, so the names match a real cluster's.
/// </summary>
public static class ChainNames
{
    public const string Services = "KUBE-SERVICES";
    public const string ExternalServices = "KUBE-EXTERNAL-SERVICES";
    public const string NodePorts = "KUBE-NODEPORTS";
    public const string PostRouting = "KUBE-POSTROUTING";
    public const string MarkMasquerade = "KUBE-MARK-MASQ";
    public const string Forward = "KUBE-FORWARD";

    public const string ServicePrefix = "KUBE-SVC-";
    public const string LocalServicePrefix = "KUBE-SVL-";
    public const string ExternalPrefix = "KUBE-EXT-";
    public const string EndpointPrefix = "KUBE-SEP-";

    /// <summary>Load-balances over all the service port's ready endpoints: KUBE-SVC-&lt;h&gt;.</summary>
    public static string Service(string servicePortName, string protocol) => ServicePrefix + Hash(servicePortName + protocol);

    /// <summary>Load-balances over the endpoints on this node (internalTrafficPolicy: Local): KUBE-SVL-&lt;h&gt;.</summary>
    public static string LocalService(string servicePortName, string protocol) => LocalServicePrefix + Hash(servicePortName + protocol);

    /// <summary>Entry for traffic to an external destination (a NodePort): KUBE-EXT-&lt;h&gt;.</summary>
    public static string External(string servicePortName, string protocol) => ExternalPrefix + Hash(servicePortName + protocol);

    /// <summary>DNATs to one endpoint ("ip:port"): KUBE-SEP-&lt;h&gt;.</summary>
    public static string Endpoint(string servicePortName, string protocol, string endpoint) =>
        EndpointPrefix + Hash(servicePortName + protocol + endpoint);

    /// <summary>True for the per-service chains a sync creates and, once unused, deletes.</summary>
    public static bool IsPerServiceChain(string chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.StartsWith(ServicePrefix, StringComparison.Ordinal)
            || chain.StartsWith(LocalServicePrefix, StringComparison.Ordinal)
            || chain.StartsWith(ExternalPrefix, StringComparison.Ordinal)
            || chain.StartsWith(EndpointPrefix, StringComparison.Ordinal);
    }

    private static string Hash(string text) => Base32.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
