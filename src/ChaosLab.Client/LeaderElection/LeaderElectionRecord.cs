using k8s.Models;

namespace ChaosLab.Client.LeaderElection;

/// <summary>
/// The leader-election fields of a Lease spec (client-go's LeaderElectionRecord). Times are UTC,
/// truncated to microseconds as the API stores MicroTime, so a record read back equals the one written.
/// </summary>
public sealed record LeaderElectionRecord(
    string HolderIdentity,
    int LeaseDurationSeconds,
    DateTime? AcquireTime,
    DateTime? RenewTime,
    int LeaseTransitions)
{
    public static LeaderElectionRecord FromSpec(V1LeaseSpec? spec) => new(
        spec?.HolderIdentity ?? "",
        spec?.LeaseDurationSeconds ?? 0,
        ToMicroTime(spec?.AcquireTime),
        ToMicroTime(spec?.RenewTime),
        spec?.LeaseTransitions ?? 0);

    public V1LeaseSpec ToSpec() => new()
    {
        HolderIdentity = HolderIdentity,
        LeaseDurationSeconds = LeaseDurationSeconds,
        AcquireTime = AcquireTime,
        RenewTime = RenewTime,
        LeaseTransitions = LeaseTransitions,
    };

    /// <summary>UTC, truncated to whole microseconds (the precision of metav1.MicroTime).</summary>
    public static DateTime? ToMicroTime(DateTime? time)
    {
        if (time is not { } value)
        {
            return null;
        }
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}
