namespace ChaosLab.Chaos.Tests;

/// <summary>
/// <see cref="TestSupport.Eventually"/> for chaos tests: a fault's own errors (<see cref="ChaosException"/>,
/// <see cref="Lab.LabException"/>) also mean "not yet".
/// </summary>
public static class Eventually
{
    public static Task<TimeSpan> UntilAsync(string what, TimeSpan timeout, Func<Task<(bool Done, string State)>> check, int intervalMs = 200) =>
        TestSupport.Eventually.UntilAsync(what, timeout, check, intervalMs, ex => ex is ChaosException or Lab.LabException);
}
