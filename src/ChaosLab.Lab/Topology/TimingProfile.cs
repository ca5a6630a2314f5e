namespace ChaosLab.Lab.Topology;

/// <summary>
/// Every control-loop timing of a lab. <see cref="Kubernetes"/> holds upstream defaults;
/// <see cref="Fast"/> scales them down so a fault scenario takes seconds, keeping their ratios.
/// </summary>
public sealed record TimingProfile(
    string Name,
    TimeSpan EtcdHeartbeat,
    TimeSpan EtcdElectionTimeout,
    TimeSpan LeaseDuration,
    TimeSpan RenewDeadline,
    TimeSpan RetryPeriod,
    TimeSpan NodeStatusUpdateFrequency,
    TimeSpan NodeLeaseRenewInterval,
    TimeSpan NodeMonitorGracePeriod,
    TimeSpan DefaultNotReadyTolerationSeconds,
    TimeSpan DefaultUnreachableTolerationSeconds,
    double NodeEvictionRate)
{
    /// <summary>
    /// The wait one NoExecute tainting can have behind another: the node lifecycle controller taints at
    /// most <see cref="NodeEvictionRate"/> nodes per second (a token bucket with one token), so a node
    /// lost within this time after another was tainted waits for the next token.
    /// </summary>
    public TimeSpan NodeEvictionInterval => TimeSpan.FromSeconds(1 / NodeEvictionRate);

    public static readonly TimingProfile Kubernetes = new(
        Name: "kubernetes",
        EtcdHeartbeat: TimeSpan.FromMilliseconds(100),
        EtcdElectionTimeout: TimeSpan.FromMilliseconds(1000),
        LeaseDuration: TimeSpan.FromSeconds(15),
        RenewDeadline: TimeSpan.FromSeconds(10),
        RetryPeriod: TimeSpan.FromSeconds(2),
        NodeStatusUpdateFrequency: TimeSpan.FromSeconds(10),
        NodeLeaseRenewInterval: TimeSpan.FromSeconds(10),
        NodeMonitorGracePeriod: TimeSpan.FromSeconds(40),
        DefaultNotReadyTolerationSeconds: TimeSpan.FromSeconds(300),
        DefaultUnreachableTolerationSeconds: TimeSpan.FromSeconds(300),
        NodeEvictionRate: 0.1);

    public static readonly TimingProfile Fast = new(
        Name: "fast",
        EtcdHeartbeat: TimeSpan.FromMilliseconds(50),
        EtcdElectionTimeout: TimeSpan.FromMilliseconds(500),
        LeaseDuration: TimeSpan.FromSeconds(4),
        RenewDeadline: TimeSpan.FromSeconds(3),
        RetryPeriod: TimeSpan.FromMilliseconds(500),
        NodeStatusUpdateFrequency: TimeSpan.FromSeconds(1),
        NodeLeaseRenewInterval: TimeSpan.FromSeconds(1),
        NodeMonitorGracePeriod: TimeSpan.FromSeconds(6),
        DefaultNotReadyTolerationSeconds: TimeSpan.FromSeconds(10),
        DefaultUnreachableTolerationSeconds: TimeSpan.FromSeconds(10),
        NodeEvictionRate: 1);

    public static IReadOnlyList<TimingProfile> All { get; } = [Fast, Kubernetes];

    public static TimingProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
