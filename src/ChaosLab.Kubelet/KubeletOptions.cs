using ChaosLab.Client.Flags;
using System.Globalization;
using System.Net;

namespace ChaosLab.Kubelet;

/// <summary>The kubelet's flags, named like upstream's where they exist.</summary>
public sealed record KubeletOptions
{
    public string Kubeconfig { get; init; } = "/etc/chaoslab/kubeconfig-kubelet";

    /// <summary>--mutant: a deliberately broken behaviour (<see cref="KubeletMutants"/>); null runs the sound kubelet.</summary>
    public string? Mutant { get; init; }
    public string NodeName { get; init; } = Environment.MachineName;
    public IPAddress NodeIp { get; init; } = IPAddress.Loopback;
    public IPNetwork ClusterCidr { get; init; } = IPNetwork.Parse("10.244.0.0/16");
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);
    public int NodeLeaseDurationSeconds { get; init; } = 40;
    public TimeSpan NodeLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan ContainerRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);
    public string RootDir { get; init; } = "/var/lib/kubelet";
    public int HealthzPort { get; init; } = 10248;
    public int Port { get; init; } = 10250;
    public string TlsCertFile { get; init; } = "/etc/chaoslab/pki/kubelet.crt";
    public string TlsPrivateKeyFile { get; init; } = "/etc/chaoslab/pki/kubelet.key";
    public string ClientCaFile { get; init; } = "/etc/chaoslab/pki/ca.crt";
    public int MaxPods { get; init; } = 110;

    /// <summary>The CRI socket, as upstream's --container-runtime-endpoint (a unix:// URL or a path).</summary>
    public string ContainerRuntimeEndpoint { get; init; } = "/run/containerd/containerd.sock";

    /// <summary>Where the kubelet writes the CNI network config for its podCIDR; the runtime reads its directory.</summary>
    public string CniConfigFile { get; init; } = "/etc/cni/net.d/10-chaoslab.conflist";

    /// <summary>--cluster-dns: the cluster DNS server addresses ClusterFirst pods resolve with (the kube-dns Service's ClusterIP).</summary>
    public IReadOnlyList<IPAddress> ClusterDns { get; init; } = [];

    /// <summary>--cluster-domain: the cluster's DNS domain, for pods' search paths and /etc/hosts (upstream has no default; kubeadm sets cluster.local).</summary>
    public string ClusterDomain { get; init; } = "";

    /// <summary>--resolv-conf: the resolver configuration dnsPolicy Default pods inherit.</summary>
    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    public static KubeletOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new KubeletOptions();
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
                "kubeconfig" => o with { Kubeconfig = value },
                "hostname-override" => o with { NodeName = value },
                "node-ip" => o with { NodeIp = IPAddress.Parse(value) },
                "cluster-cidr" => o with { ClusterCidr = IPNetwork.Parse(value) },
                "node-status-update-frequency" => o with { NodeStatusUpdateFrequency = GoDuration.Parse(value) },
                "node-lease-duration-seconds" => o with { NodeLeaseDurationSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "node-lease-renew-interval" => o with { NodeLeaseRenewInterval = GoDuration.Parse(value) },
                "container-restart-backoff" => o with { ContainerRestartBackoff = GoDuration.Parse(value) },
                "root-dir" => o with { RootDir = value },
                "healthz-port" => o with { HealthzPort = int.Parse(value, CultureInfo.InvariantCulture) },
                "port" => o with { Port = int.Parse(value, CultureInfo.InvariantCulture) },
                "tls-cert-file" => o with { TlsCertFile = value },
                "tls-private-key-file" => o with { TlsPrivateKeyFile = value },
                "client-ca-file" => o with { ClientCaFile = value },
                "max-pods" => o with { MaxPods = int.Parse(value, CultureInfo.InvariantCulture) },
                "container-runtime-endpoint" => o with { ContainerRuntimeEndpoint = value.StartsWith("unix://", StringComparison.Ordinal) ? value["unix://".Length..] : value },
                "cni-config-file" => o with { CniConfigFile = value },
                "cluster-dns" => o with { ClusterDns = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPAddress.Parse)] },
                "cluster-domain" => o with { ClusterDomain = value.Trim('.') },
                "resolv-conf" => o with { ResolvConf = value },
                "mutant" => o with { Mutant = KubeletMutants.All.Contains(value) ? value
                    : throw new ArgumentException($"unknown --mutant {value}; the kubelet's mutants: {string.Join(", ", KubeletMutants.All)}") },
                _ => throw new ArgumentException($"unknown flag --{name}"),
            };
        }
        return o;
    }
}
