namespace ChaosLab.Harness.Reporting;

/// <summary>
/// A time bound the system must meet, such as "a stand-by takes over within leaseDuration + 2 × retryPeriod".
/// <paramref name="Kind"/> is "detect", "recover", "failover" or another word; <paramref name="Measured"/> is null when it never happened;
/// <paramref name="BoundSource"/> says where the bound comes from, for example "leaseDuration 4s + 2 × retryPeriod 0.5s (profile fast)".
/// </summary>
public sealed record BoundCheck(string What, string Kind, TimeSpan Bound, TimeSpan? Measured, bool Met, string BoundSource);
