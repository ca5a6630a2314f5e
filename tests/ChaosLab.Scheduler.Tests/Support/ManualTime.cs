namespace ChaosLab.Scheduler.Tests.Support;

/// <summary>A clock that moves only when a test says so.</summary>
internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
