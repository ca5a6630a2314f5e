namespace ChaosLab.Harness.Reporting;

/// <summary>
/// One fault's life: injected, effect verified, healed, heal verified. Later times are null until they happen
/// (or when they never did, as when a scenario fails with the fault still in place).
/// </summary>
public sealed record FaultWindow(
    string Id,
    string Fault,
    string Description,
    DateTimeOffset InjectedAt,
    DateTimeOffset? EffectAt,
    DateTimeOffset? HealedAt,
    DateTimeOffset? HealVerifiedAt)
{
    /// <summary>When the system was last under the fault: the verified heal, else the heal, else <paramref name="fallback"/>.</summary>
    public DateTimeOffset EndOr(DateTimeOffset fallback) => HealVerifiedAt ?? HealedAt ?? fallback;
}
