using ChaosLab.Lab.LoadBalancer;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Harness.Scenarios;

/// <summary>A deadline a recovery must meet, with where it comes from (written in the report).</summary>
public sealed record RecoveryBound(string Name, TimeSpan Value, string Source);

/// <summary>
/// The bounds scenarios assert, derived from the timing profile as Kubernetes defines them, plus an
/// explicit allowance for observing the change through the API (polling, the machine's noise).
/// </summary>
public sealed class RecoveryBounds(TimingProfile profile)
{
    private static readonly TimeSpan Observation = TimeSpan.FromSeconds(1);

    public TimingProfile Profile => profile;

    /// <summary>A stand-by takes a Lease: the old one expires, then one retry period at most to notice and one to acquire.</summary>
    public RecoveryBound LeaderElection => new("leader-election",
        profile.LeaseDuration + 2 * profile.RetryPeriod + Observation,
        $"leaseDuration {S(profile.LeaseDuration)} + 2 × retryPeriod {S(profile.RetryPeriod)} + {S(Observation)} observation (profile {profile.Name})");

    /// <summary>A lost node is marked unknown and its pods' endpoints leave: grace period, one status interval, the endpoints sync.</summary>
    public RecoveryBound NodeFailure => new("node-failure",
        profile.NodeMonitorGracePeriod + profile.NodeStatusUpdateFrequency + 2 * Observation,
        $"nodeMonitorGracePeriod {S(profile.NodeMonitorGracePeriod)} + nodeStatusUpdateFrequency {S(profile.NodeStatusUpdateFrequency)} + {S(2 * Observation)} endpoints sync and observation (profile {profile.Name})");

    /// <summary>
    /// Pods of a lost node are evicted after their toleration and run again elsewhere. The NoExecute
    /// taint itself can wait one eviction-rate interval when another node was tainted just before
    /// (a node coming back NotReady after an earlier fault counts).
    /// </summary>
    public RecoveryBound Eviction => new("eviction",
        profile.NodeMonitorGracePeriod + profile.NodeEvictionInterval + profile.DefaultUnreachableTolerationSeconds + TimeSpan.FromSeconds(15),
        $"nodeMonitorGracePeriod {S(profile.NodeMonitorGracePeriod)} + one node-eviction-rate interval {S(profile.NodeEvictionInterval)} + default unreachable toleration {S(profile.DefaultUnreachableTolerationSeconds)} + 15 s to schedule and start replacements (profile {profile.Name})");

    /// <summary>etcd elects a leader: up to two election timeouts (randomised) plus the API noticing.</summary>
    public RecoveryBound EtcdElection => new("etcd-election",
        2 * profile.EtcdElectionTimeout + 2 * Observation,
        $"2 × election timeout {S(profile.EtcdElectionTimeout)} + {S(2 * Observation)} observation (profile {profile.Name})");

    /// <summary>
    /// API clients of the load balancer are served again after an API server (or its node) is lost:
    /// haproxy marks the backend down (its failed checks, the lab's haproxy settings), etcd
    /// elects a new leader when the lost node held it, and the API notices.
    /// </summary>
    public RecoveryBound ApiFailover => new("api-failover",
        Haproxy.FallChecks * Haproxy.CheckInterval(profile) + 2 * profile.EtcdElectionTimeout + ClientAttemptTimeout + Observation,
        $"haproxy fall {Haproxy.FallChecks} × inter {S(Haproxy.CheckInterval(profile))} + 2 × etcd election timeout {S(profile.EtcdElectionTimeout)} + one client attempt {S(ClientAttemptTimeout)} (a write in flight when the leader died) + {S(Observation)} observation (profile {profile.Name})");

    /// <summary>How long a recovery probe waits for one API write before it tries again.</summary>
    public static readonly TimeSpan ClientAttemptTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Stopped or cut-off etcd members are back and a leader is elected: member start-up (etcd 3.4
    /// pauses about 2 s at boot), an election, a client attempt that was waiting on the lost quorum
    /// when it came back, the API noticing.
    /// </summary>
    public RecoveryBound EtcdRestart => new("etcd-restart",
        TimeSpan.FromSeconds(3) + 2 * profile.EtcdElectionTimeout + ClientAttemptTimeout + 2 * Observation,
        $"3 s etcd member start-up + 2 × election timeout {S(profile.EtcdElectionTimeout)} + one client attempt {S(ClientAttemptTimeout)} (a write waiting on the lost quorum) + {S(2 * Observation)} observation (profile {profile.Name})");

    /// <summary>How long the supervisor waits before its first restart of a component that exited.</summary>
    public static readonly TimeSpan FirstRestartBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>A controller manager or scheduler process started until it answers /healthz (about 2 s measured on a loaded 2-core node).</summary>
    public static readonly TimeSpan ComponentStartup = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A control-plane node cut off from the others is whole again: its etcd member catches up, and a
    /// controller manager or scheduler of that node that held its Lease loses it and exits, as
    /// upstream's do. Its renewal was waiting on its own API server, which waited on the lost quorum,
    /// so it can give up as late as renewDeadline after the heal; then the supervisor restarts it.
    /// </summary>
    public RecoveryBound ControlPlaneRejoin => new("control-plane-rejoin",
        profile.RenewDeadline + FirstRestartBackoff + ComponentStartup + 2 * Observation,
        $"renewDeadline {S(profile.RenewDeadline)} (a leader's renewal stuck on the lost quorum gives up) + restart back-off {S(FirstRestartBackoff)} + component start-up {S(ComponentStartup)} + {S(2 * Observation)} observation (profile {profile.Name})");

    public RecoveryBound Named(string name) => name switch
    {
        "etcd-restart" => EtcdRestart,
        "control-plane-rejoin" => ControlPlaneRejoin,
        "api-failover" => ApiFailover,
        "leader-election" => LeaderElection,
        "node-failure" => NodeFailure,
        "eviction" => Eviction,
        "etcd-election" => EtcdElection,
        _ => throw new ArgumentException($"no bound named '{name}'; bounds: leader-election, node-failure, eviction, etcd-election, etcd-restart, control-plane-rejoin, api-failover", nameof(name)),
    };

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
