namespace ChaosLab.Client.LeaderElection;

/// <summary>
/// Who competes for which Lease, with what timings, and what to do on winning and losing
/// (client-go's LeaderElectionConfig). Defaults are kube-controller-manager's and kube-scheduler's.
/// </summary>
public sealed class LeaderElectionConfig
{
    /// <summary>Candidates wait RetryPeriod plus up to JitterFactor × RetryPeriod between attempts.</summary>
    public const double JitterFactor = 1.2;

    public required string LockNamespace { get; init; }

    public required string LockName { get; init; }

    /// <summary>This candidate's holder identity, unique per process: see <see cref="LeaderElectionIdentity.Create"/>.</summary>
    public required string Identity { get; init; }

    /// <summary>How long non-leaders wait, after last seeing the lease change, before taking it over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failed renewal before it stops leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation, hand the lease back (empty holder, 1 s duration) so a successor need not wait for expiry.</summary>
    public bool ReleaseOnCancel { get; init; }

    /// <summary>Runs the leader's work; its token is cancelled the moment leadership is lost.</summary>
    public required Func<CancellationToken, Task> OnStartedLeading { get; init; }

    /// <summary>Called once after leading ends (lost lease or shutdown); never called if this candidate never led.</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>Called with the holder identity whenever a different leader is observed (including this candidate).</summary>
    public Action<string>? OnNewLeader { get; init; }

    /// <summary>The lease's leaseDurationSeconds: whole seconds, rounded up.</summary>
    public int LeaseDurationSeconds => (int)Math.Max(1, Math.Ceiling(LeaseDuration.TotalSeconds));

    /// <summary>
    /// Rejects timings under which two candidates could both believe they lead: the leader must give
    /// up (RenewDeadline) before others may take over (LeaseDuration), and must get several jittered
    /// attempts within its deadline.
    /// </summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(LockNamespace), "LockNamespace must not be empty");
        Require(!string.IsNullOrWhiteSpace(LockName), "LockName must not be empty");
        Require(!string.IsNullOrWhiteSpace(Identity), "Identity must not be empty");
        Require(LeaseDuration > TimeSpan.Zero, "LeaseDuration must be greater than zero");
        Require(RenewDeadline > TimeSpan.Zero, "RenewDeadline must be greater than zero");
        Require(RetryPeriod > TimeSpan.Zero, "RetryPeriod must be greater than zero");
        Require(LeaseDuration > RenewDeadline, "LeaseDuration must be greater than RenewDeadline");
        Require(RenewDeadline > RetryPeriod * JitterFactor, $"RenewDeadline must be greater than RetryPeriod*{JitterFactor}");
        Require(OnStartedLeading is not null, "OnStartedLeading callback must not be null");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"invalid leader election config: {message}");
        }
    }
}
