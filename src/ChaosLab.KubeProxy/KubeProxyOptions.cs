using ChaosLab.Client.Flags;
using System.Globalization;
using System.Net;

namespace ChaosLab.KubeProxy;

/// <summary>kube-proxy's flags, named like upstream's. Only the iptables proxy mode exists.</summary>
public sealed record KubeProxyOptions
{
    public const string DefaultKubeconfig = "/etc/chaoslab/kubeconfig-kube-proxy";

    public string Kubeconfig { get; init; } = DefaultKubeconfig;

    /// <summary>This node's name; upstream defaults to the lower-cased hostname.</summary>
    public string NodeName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The pod network; traffic to cluster IPs from outside it is masqueraded. Null: no such rule.</summary>
    public IPNetwork? ClusterCidr { get; init; }

    public string ProxyMode { get; init; } = "iptables";

    /// <summary>Full resync at least this often (upstream default 30s).</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Syncs no more often than this; changes in between are coalesced (upstream default 1s; the lab wants faster).</summary>
    public TimeSpan MinSyncPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Plain-HTTP port of /healthz, /livez and /metrics (upstream's healthz port is 10256).</summary>
    public int HealthzPort { get; init; } = 10256;

    /// <summary>Remove every rule and chain kube-proxy owns, then exit (upstream's --cleanup).</summary>
    public bool Cleanup { get; init; }

    /// <summary>/healthz fails when the last successful sync is older than this (upstream: 2 × sync period).</summary>
    public TimeSpan HealthTimeout => SyncPeriod * 2;

    /// <summary>--mutant: a deliberately broken behaviour (<see cref="Mutants.KubeProxyMutants"/>); null runs the sound proxy.</summary>
    public string? Mutant { get; init; }

    public static KubeProxyOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new KubeProxyOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (name == "cleanup" && eq < 0)
            {
                o = o with { Cleanup = true };
                continue;
            }
            var value = eq > 0 ? arg[(eq + 1)..] : (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value"));
            o = name switch
            {
                "kubeconfig" => o with { Kubeconfig = value },
                "hostname-override" => o with { NodeName = value.Trim().ToLowerInvariant() },
                "cluster-cidr" => o with { ClusterCidr = value.Length == 0 ? null : IPNetwork.Parse(value) },
                "proxy-mode" => o with { ProxyMode = value },
                "iptables-sync-period" => o with { SyncPeriod = GoDuration.Parse(value) },
                "iptables-min-sync-period" => o with { MinSyncPeriod = GoDuration.Parse(value) },
                "healthz-port" => o with { HealthzPort = int.Parse(value, CultureInfo.InvariantCulture) },
                "cleanup" => o with { Cleanup = bool.Parse(value) },
                "mutant" => o with { Mutant = Mutants.KubeProxyMutants.All.Contains(value) ? value
                    : throw new ArgumentException($"unknown --mutant {value}; kube-proxy's mutants: {string.Join(", ", Mutants.KubeProxyMutants.All)}") },
                _ => throw new ArgumentException($"unknown flag --{name}"),
            };
        }
        return o.Validate();
    }

    private KubeProxyOptions Validate()
    {
        if (ProxyMode is not ("iptables" or ""))
        {
            throw new ArgumentException($"--proxy-mode={ProxyMode} is not supported; only iptables is implemented");
        }
        if (SyncPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--iptables-sync-period must be positive, not {SyncPeriod}");
        }
        if (MinSyncPeriod < TimeSpan.Zero || MinSyncPeriod > SyncPeriod)
        {
            throw new ArgumentException($"--iptables-min-sync-period ({MinSyncPeriod}) must be between 0 and --iptables-sync-period ({SyncPeriod})");
        }
        if (HealthzPort is < 0 or > 65535)
        {
            throw new ArgumentException($"--healthz-port {HealthzPort} is not a port");
        }
        if (NodeName.Length == 0)
        {
            throw new ArgumentException("--hostname-override must not be empty");
        }
        return this;
    }
}
