using ChaosLab.Client.Flags;
using System.Globalization;
using System.Net;

namespace ChaosLab.ControllerManager;

/// <summary>
/// kube-controller-manager's flags that this controller manager honours, with upstream's names and
/// defaults (1.32). Parse accepts --flag=value and --flag value; booleans also accept a bare --flag.
/// </summary>
public sealed record ControllerManagerOptions
{
    /// <summary>Every controller this binary runs, by upstream's --controllers names.</summary>
    public static readonly IReadOnlyList<string> KnownControllers =
        [
            "replicaset", "deployment", "nodelifecycle", "taint-eviction-controller", "nodeipam", "endpoint", "endpointslice", "namespace", "garbagecollector",
            "serviceaccount", "root-ca-cert-publisher", "job", "cronjob", "daemonset", "statefulset", "replicationcontroller", "disruption", "resourcequota", "persistentvolume-binder",
            "clusterrole-aggregation",
        ];

    public string? Kubeconfig { get; init; }

    /// <summary>--master: API server URL overriding the kubeconfig's.</summary>
    public string? Master { get; init; }

    /// <summary>--root-ca-file: the CA published in every namespace's kube-root-ca.crt; without it, the kubeconfig's CA.</summary>
    public string? RootCaFile { get; init; }

    /// <summary>--controllers: "*" for all; "-name" disables one, "name" enables one.</summary>
    public IReadOnlyList<string> Controllers { get; init; } = ["*"];

    public bool LeaderElect { get; init; } = true;
    public TimeSpan LeaderElectLeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan LeaderElectRenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan LeaderElectRetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
    public string LeaderElectResourceNamespace { get; init; } = "kube-system";
    public string LeaderElectResourceName { get; init; } = "kube-controller-manager";

    /// <summary>Informer resync: every cached object is re-delivered this often (a safety net for level-triggered loops).</summary>
    public TimeSpan MinResyncPeriod { get; init; } = TimeSpan.FromHours(12);

    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);
    public TimeSpan NodeStartupGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Nodes per second tainted for eviction in a healthy zone.</summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>Rate in a partially disrupted zone of a large cluster; small clusters stop tainting instead.</summary>
    public double SecondaryNodeEvictionRate { get; init; } = 0.01;
    public int LargeClusterSizeThreshold { get; init; } = 50;
    public double UnhealthyZoneThreshold { get; init; } = 0.55;

    public bool AllocateNodeCidrs { get; init; }
    public IReadOnlyList<IPNetwork> ClusterCidrs { get; init; } = [];
    public int NodeCidrMaskSize { get; init; } = 24;
    public int? NodeCidrMaskSizeIpv4 { get; init; }
    public int? NodeCidrMaskSizeIpv6 { get; init; }

    public int MaxEndpointsPerSlice { get; init; } = 100;

    public int ConcurrentReplicaSetSyncs { get; init; } = 5;
    public int ConcurrentDeploymentSyncs { get; init; } = 5;
    public int ConcurrentJobSyncs { get; init; } = 5;
    public int ConcurrentCronJobSyncs { get; init; } = 5;
    public int ConcurrentEndpointSyncs { get; init; } = 5;
    public int ConcurrentServiceEndpointSyncs { get; init; } = 5;
    public int ConcurrentNamespaceSyncs { get; init; } = 10;
    public int ConcurrentGcSyncs { get; init; } = 20;

    public int ConcurrentResourceQuotaSyncs { get; init; } = 5;

    /// <summary>How often every ResourceQuota's usage is recomputed in full (upstream's --resource-quota-sync-period).</summary>
    public TimeSpan ResourceQuotaSyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often every namespace is looked at again, in case a deletion stalled.</summary>
    public TimeSpan NamespaceSyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>--mutant: a deliberately broken behaviour (<see cref="ControllerManagerMutants"/>); null runs the sound controllers.</summary>
    public string? Mutant { get; init; }

    /// <summary>Plain-HTTP port for /healthz, /livez, /readyz and /metrics; 0 disables.</summary>
    public int Port { get; init; } = 10257;

    /// <summary>Mask size per family: --node-cidr-mask-size-ipv4/-ipv6 win over --node-cidr-mask-size (IPv6 default 64).</summary>
    public int MaskSizeFor(IPNetwork clusterCidr) =>
        clusterCidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? NodeCidrMaskSizeIpv6 ?? (ClusterCidrs.Count > 1 ? 64 : NodeCidrMaskSize)
            : NodeCidrMaskSizeIpv4 ?? NodeCidrMaskSize;

    public bool IsEnabled(string controller)
    {
        if (Controllers.Contains("-" + controller))
        {
            return false;
        }
        return Controllers.Contains(controller) || Controllers.Contains("*");
    }

    public static ControllerManagerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new ControllerManagerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            string Value()
            {
                if (eq > 0)
                {
                    return arg[(eq + 1)..];
                }
                return i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value");
            }
            bool Flag()
            {
                if (eq > 0)
                {
                    return bool.Parse(arg[(eq + 1)..]);
                }
                // A bare boolean flag means true; "--flag false" (a separate word) is accepted as well.
                if (i + 1 < args.Count && bool.TryParse(args[i + 1], out var next))
                {
                    i++;
                    return next;
                }
                return true;
            }
            o = name switch
            {
                "kubeconfig" => o with { Kubeconfig = Value() },
                "master" => o with { Master = Value() },
                "root-ca-file" => o with { RootCaFile = Value() },
                "controllers" => o with { Controllers = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "leader-elect" => o with { LeaderElect = Flag() },
                "leader-elect-lease-duration" => o with { LeaderElectLeaseDuration = GoDuration.Parse(Value()) },
                "leader-elect-renew-deadline" => o with { LeaderElectRenewDeadline = GoDuration.Parse(Value()) },
                "leader-elect-retry-period" => o with { LeaderElectRetryPeriod = GoDuration.Parse(Value()) },
                "leader-elect-resource-namespace" => o with { LeaderElectResourceNamespace = Value() },
                "leader-elect-resource-name" => o with { LeaderElectResourceName = Value() },
                "leader-elect-resource-lock" => Value() == "leases" ? o : throw new ArgumentException("--leader-elect-resource-lock: only 'leases' is supported"),
                "min-resync-period" => o with { MinResyncPeriod = GoDuration.Parse(Value()) },
                "node-monitor-period" => o with { NodeMonitorPeriod = GoDuration.Parse(Value()) },
                "node-monitor-grace-period" => o with { NodeMonitorGracePeriod = GoDuration.Parse(Value()) },
                "node-startup-grace-period" => o with { NodeStartupGracePeriod = GoDuration.Parse(Value()) },
                "node-eviction-rate" => o with { NodeEvictionRate = Double(Value()) },
                "secondary-node-eviction-rate" => o with { SecondaryNodeEvictionRate = Double(Value()) },
                "large-cluster-size-threshold" => o with { LargeClusterSizeThreshold = Int(Value()) },
                "unhealthy-zone-threshold" => o with { UnhealthyZoneThreshold = Double(Value()) },
                "allocate-node-cidrs" => o with { AllocateNodeCidrs = Flag() },
                "cluster-cidr" => o with { ClusterCidrs = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPNetwork.Parse)] },
                "node-cidr-mask-size" => o with { NodeCidrMaskSize = Int(Value()) },
                "node-cidr-mask-size-ipv4" => o with { NodeCidrMaskSizeIpv4 = Int(Value()) },
                "node-cidr-mask-size-ipv6" => o with { NodeCidrMaskSizeIpv6 = Int(Value()) },
                "max-endpoints-per-slice" => o with { MaxEndpointsPerSlice = Int(Value()) },
                "concurrent-replicaset-syncs" => o with { ConcurrentReplicaSetSyncs = Int(Value()) },
                "concurrent-job-syncs" => o with { ConcurrentJobSyncs = Int(Value()) },
                "concurrent-cron-job-syncs" => o with { ConcurrentCronJobSyncs = Int(Value()) },
                "concurrent-deployment-syncs" => o with { ConcurrentDeploymentSyncs = Int(Value()) },
                "concurrent-endpoint-syncs" => o with { ConcurrentEndpointSyncs = Int(Value()) },
                "concurrent-service-endpoint-syncs" => o with { ConcurrentServiceEndpointSyncs = Int(Value()) },
                "concurrent-namespace-syncs" => o with { ConcurrentNamespaceSyncs = Int(Value()) },
                "concurrent-gc-syncs" => o with { ConcurrentGcSyncs = Int(Value()) },
                "concurrent-resource-quota-syncs" => o with { ConcurrentResourceQuotaSyncs = Int(Value()) },
                "resource-quota-sync-period" => o with { ResourceQuotaSyncPeriod = GoDuration.Parse(Value()) },
                "namespace-sync-period" => o with { NamespaceSyncPeriod = GoDuration.Parse(Value()) },
                "bind-address" => o with { BindAddress = IPAddress.Parse(Value()) },
                "port" or "secure-port" => o with { Port = Int(Value()) },
                "mutant" => o with { Mutant = Value() is var m && ControllerManagerMutants.All.Contains(m) ? m
                    : throw new ArgumentException($"unknown --mutant {m}; kube-controller-manager's mutants: {string.Join(", ", ControllerManagerMutants.All)}") },
                _ => throw new ArgumentException($"unknown flag --{name}"),
            };
        }
        o.Validate();
        return o;
    }

    private void Validate()
    {
        if (AllocateNodeCidrs && ClusterCidrs.Count == 0)
        {
            throw new ArgumentException("--allocate-node-cidrs needs --cluster-cidr");
        }
        foreach (var cidr in ClusterCidrs)
        {
            var mask = MaskSizeFor(cidr);
            if (mask < cidr.PrefixLength)
            {
                throw new ArgumentException($"--node-cidr-mask-size {mask} is shorter than the prefix of --cluster-cidr {cidr}");
            }
        }
        if (MaxEndpointsPerSlice is < 1 or > 1000)
        {
            throw new ArgumentException("--max-endpoints-per-slice must be between 1 and 1000");
        }
        var unknown = Controllers.Select(c => c.TrimStart('-')).Where(c => c != "*" && !KnownControllers.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--controllers: unknown controller(s) {string.Join(", ", unknown)}; known: {string.Join(", ", KnownControllers)}");
        }
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Double(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
