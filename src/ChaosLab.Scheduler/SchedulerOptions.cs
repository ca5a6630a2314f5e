using ChaosLab.Client.Flags;
using System.Globalization;
using System.Net;
using ChaosLab.Scheduler.Queue;

namespace ChaosLab.Scheduler;

/// <summary>
/// kube-scheduler's flags (the subset this scheduler has), with upstream's defaults. One difference:
/// <c>--secure-port</c> serves /healthz, /readyz and /metrics over plain HTTP; the lab needs no TLS there.
/// </summary>
public sealed record SchedulerOptions
{
    public string? Kubeconfig { get; init; }

    public bool LeaderElect { get; init; } = true;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    public string LeaseNamespace { get; init; } = "kube-system";

    public string LeaseName { get; init; } = "kube-scheduler";

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Port of the health and metrics endpoints (plain HTTP); 0 turns them off.</summary>
    public int SecurePort { get; init; } = 10259;

    /// <summary>Pods whose spec.schedulerName names this scheduler are scheduled (an empty name means default-scheduler).</summary>
    public string SchedulerName { get; init; } = ClusterEventHandlers.DefaultSchedulerName;

    public TimeSpan PodInitialBackoff { get; init; } = PodBackoff.Default.Initial;

    public TimeSpan PodMaxBackoff { get; init; } = PodBackoff.Default.Max;

    /// <summary>How many bindings may be in flight at once (ours; upstream binds each pod in its own goroutine).</summary>
    public int MaxConcurrentBinds { get; init; } = SchedulingLoop.DefaultMaxConcurrentBinds;

    /// <summary>--mutant: a deliberately broken behaviour (<see cref="SchedulerMutants"/>); null runs the sound scheduler.</summary>
    public string? Mutant { get; init; }

    /// <summary>klog-style verbosity: 0–1 information, 2–3 debug, 4 and up trace.</summary>
    public int Verbosity { get; init; }

    private static readonly HashSet<string> BoolFlags = new(StringComparer.Ordinal) { "leader-elect" };

    /// <summary>
    /// Parses --flag=value or --flag value (bool flags: --flag or --flag=false, as Go's pflag).
    /// Unknown flags and bad values are errors that name the flag.
    /// </summary>
    public static SchedulerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new SchedulerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var flag = arg.TrimStart('-');
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? flag[..eq] : flag;
            string value;
            if (eq > 0)
            {
                value = flag[(eq + 1)..];
            }
            else if (BoolFlags.Contains(name))
            {
                value = "true";
            }
            else
            {
                value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value");
            }
            try
            {
                o = o.With(name, value);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"invalid value \"{value}\" for --{name}: {ex.Message}", ex);
            }
        }
        o.Validate();
        return o;
    }

    private SchedulerOptions With(string name, string value) => name switch
    {
        "kubeconfig" => this with { Kubeconfig = value },
        "leader-elect" => this with { LeaderElect = bool.Parse(value) },
        "leader-elect-lease-duration" => this with { LeaseDuration = GoDuration.Parse(value) },
        "leader-elect-renew-deadline" => this with { RenewDeadline = GoDuration.Parse(value) },
        "leader-elect-retry-period" => this with { RetryPeriod = GoDuration.Parse(value) },
        "leader-elect-resource-namespace" => this with { LeaseNamespace = value },
        "leader-elect-resource-name" => this with { LeaseName = value },
        "leader-elect-resource-lock" when value == "leases" => this,
        "bind-address" => this with { BindAddress = IPAddress.Parse(value) },
        "secure-port" => this with { SecurePort = int.Parse(value, CultureInfo.InvariantCulture) },
        "scheduler-name" => this with { SchedulerName = value },
        "pod-initial-backoff-seconds" => this with { PodInitialBackoff = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "pod-max-backoff-seconds" => this with { PodMaxBackoff = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "max-concurrent-binds" => this with { MaxConcurrentBinds = int.Parse(value, CultureInfo.InvariantCulture) },
        "mutant" => this with { Mutant = SchedulerMutants.All.Contains(value) ? value
            : throw new ArgumentException($"unknown --mutant {value}; kube-scheduler's mutants: {string.Join(", ", SchedulerMutants.All)}") },
        "v" => this with { Verbosity = int.Parse(value, CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"unknown flag --{name}"),
    };

    private void Validate()
    {
        if (SecurePort is < 0 or > 65535)
        {
            throw new ArgumentException($"--secure-port {SecurePort} must be between 0 and 65535");
        }
        if (MaxConcurrentBinds < 1)
        {
            throw new ArgumentException("--max-concurrent-binds must be at least 1");
        }
        if (PodInitialBackoff <= TimeSpan.Zero || PodMaxBackoff < PodInitialBackoff)
        {
            throw new ArgumentException("--pod-initial-backoff-seconds must be positive and at most --pod-max-backoff-seconds");
        }
        if (LeaderElect && !(LeaseDuration > RenewDeadline && RenewDeadline > RetryPeriod * 1.2))
        {
            throw new ArgumentException("leader election needs lease-duration > renew-deadline > 1.2 × retry-period");
        }
    }
}
