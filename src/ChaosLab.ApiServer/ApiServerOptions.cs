using ChaosLab.Client.Flags;
using System.Globalization;
using System.Net;

namespace ChaosLab.ApiServer;

/// <summary>The API server's flags, named like kube-apiserver's.</summary>
public sealed record ApiServerOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Any;
    public int SecurePort { get; init; } = 6443;
    public string AdvertiseAddress { get; init; } = "127.0.0.1";
    public IReadOnlyList<string> EtcdServers { get; init; } = [];
    public string EtcdCaFile { get; init; } = "";
    public string EtcdCertFile { get; init; } = "";
    public string EtcdKeyFile { get; init; } = "";
    public string TlsCertFile { get; init; } = "";
    public string TlsPrivateKeyFile { get; init; } = "";
    public string ClientCaFile { get; init; } = "";
    public string? TokenAuthFile { get; init; }

    /// <summary>What the API server presents to kubelets; unset, its serving pair, which the lab issues for client use too.</summary>
    public string? KubeletClientCertificate { get; init; }
    public string? KubeletClientKey { get; init; }

    /// <summary>The CA kubelets' serving certificates must chain to; unset, the client CA (the lab has one CA).</summary>
    public string? KubeletCertificateAuthority { get; init; }

    /// <summary>--service-account-issuer, repeatable: the first names new tokens' issuer, all are accepted.</summary>
    public IReadOnlyList<string> ServiceAccountIssuers { get; init; } = [];

    /// <summary>--service-account-signing-key-file: unset, no TokenRequest and no service-account tokens.</summary>
    public string? ServiceAccountSigningKeyFile { get; init; }

    /// <summary>--service-account-key-file, repeatable: the keys tokens are verified with; unset, the signing key's.</summary>
    public IReadOnlyList<string> ServiceAccountKeyFiles { get; init; } = [];

    /// <summary>--api-audiences: the audiences the API server accepts; unset, the issuers.</summary>
    public IReadOnlyList<string> ApiAudiences { get; init; } = [];

    public IPNetwork ServiceClusterIpRange { get; init; } = IPNetwork.Parse("10.96.0.0/16");
    public long DefaultNotReadyTolerationSeconds { get; init; } = 300;
    public long DefaultUnreachableTolerationSeconds { get; init; } = 300;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan EtcdRequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan ShutdownDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>--route-pod-cidrs (ChaosLab's own): route a node's podCIDR via the node before proxying to a pod there; for control-plane nodes that run no network plugin.</summary>
    public bool RoutePodCidrs { get; init; }

    /// <summary>--mutant: a deliberately broken behaviour (<see cref="Mutants.ApiServerMutants"/>); null runs the sound server.</summary>
    public string? Mutant { get; init; }

    /// <summary>Parses --flag=value or --flag value; unknown flags are an error naming the flag.</summary>
    public static ApiServerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new ApiServerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            var value = eq > 0 ? arg[(eq + 1)..] : (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value"));
            o = name switch
            {
                "bind-address" => o with { BindAddress = IPAddress.Parse(value) },
                "mutant" => o with { Mutant = Mutants.ApiServerMutants.All.Contains(value) ? value
                    : throw new ArgumentException($"unknown --mutant {value}; kube-apiserver's mutants: {string.Join(", ", Mutants.ApiServerMutants.All)}") },
                "secure-port" => o with { SecurePort = int.Parse(value, CultureInfo.InvariantCulture) },
                "advertise-address" => o with { AdvertiseAddress = value },
                "etcd-servers" => o with { EtcdServers = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "etcd-cafile" => o with { EtcdCaFile = value },
                "etcd-certfile" => o with { EtcdCertFile = value },
                "etcd-keyfile" => o with { EtcdKeyFile = value },
                "tls-cert-file" => o with { TlsCertFile = value },
                "tls-private-key-file" => o with { TlsPrivateKeyFile = value },
                "client-ca-file" => o with { ClientCaFile = value },
                "token-auth-file" => o with { TokenAuthFile = value },
                "kubelet-client-certificate" => o with { KubeletClientCertificate = value },
                "kubelet-client-key" => o with { KubeletClientKey = value },
                "kubelet-certificate-authority" => o with { KubeletCertificateAuthority = value },
                "service-account-issuer" => o with { ServiceAccountIssuers = [.. o.ServiceAccountIssuers, value] },
                "service-account-signing-key-file" => o with { ServiceAccountSigningKeyFile = value },
                "service-account-key-file" => o with { ServiceAccountKeyFiles = [.. o.ServiceAccountKeyFiles, value] },
                "api-audiences" => o with { ApiAudiences = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "service-cluster-ip-range" => o with { ServiceClusterIpRange = IPNetwork.Parse(value) },
                "default-not-ready-toleration-seconds" => o with { DefaultNotReadyTolerationSeconds = long.Parse(value, CultureInfo.InvariantCulture) },
                "default-unreachable-toleration-seconds" => o with { DefaultUnreachableTolerationSeconds = long.Parse(value, CultureInfo.InvariantCulture) },
                "request-timeout" => o with { RequestTimeout = GoDuration.Parse(value) },
                "etcd-request-timeout" => o with { EtcdRequestTimeout = GoDuration.Parse(value) },
                "etcd-compaction-interval" => o with { CompactionInterval = GoDuration.Parse(value) },
                "shutdown-delay-duration" => o with { ShutdownDelay = GoDuration.Parse(value) },
                "route-pod-cidrs" => o with { RoutePodCidrs = bool.Parse(value) },
                _ => throw new ArgumentException($"unknown flag --{name}"),
            };
        }
        if (o.EtcdServers.Count == 0)
        {
            throw new ArgumentException("--etcd-servers is required");
        }
        return o;
    }
}
