namespace ChaosLab.Harness.Reporting;

/// <summary>
/// Maps a scenario's time span onto horizontal pixels. The timeline and the probe charts of a scenario share one scale so
/// that a latency spike lines up with the fault above it.
/// </summary>
internal sealed class TimeScale
{
    private static readonly double[] TickSteps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

    private TimeScale(DateTimeOffset origin, DateTimeOffset from, DateTimeOffset to, double left, double width)
    {
        Origin = origin;
        From = from;
        To = to;
        Left = left;
        Width = width;
    }

    /// <summary>The scenario's start: tick labels count seconds from here.</summary>
    public DateTimeOffset Origin { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public double Left { get; }

    public double Width { get; }

    /// <summary>A scale wide enough for the scenario and everything recorded in it, even what an observer saw after its end.</summary>
    public static TimeScale For(ScenarioRecord scenario, double left, double width)
    {
        var times = new List<DateTimeOffset> { scenario.StartedAt, scenario.EndedAt };
        times.AddRange(scenario.Timeline.Select(e => e.At));
        times.AddRange(scenario.LeaderChanges.Select(c => c.At));
        times.AddRange(scenario.Probes.SelectMany(p => p.Samples).Select(s => s.At));
        foreach (var fault in scenario.Faults)
        {
            times.Add(fault.InjectedAt);
            times.AddRange(new[] { fault.EffectAt, fault.HealedAt, fault.HealVerifiedAt }.OfType<DateTimeOffset>());
        }

        var from = times.Min();
        var to = times.Max();
        if (to - from < TimeSpan.FromSeconds(1))
            to = from + TimeSpan.FromSeconds(1);
        return new TimeScale(scenario.StartedAt, from, to, left, width);
    }

    public double X(DateTimeOffset at) => Left + (Width * (at - From).TotalSeconds / (To - From).TotalSeconds);

    /// <summary>Round seconds since the origin, about eight of them across the span.</summary>
    public IEnumerable<(DateTimeOffset At, string Label)> Ticks()
    {
        var spanSeconds = (To - From).TotalSeconds;
        var step = TickSteps.FirstOrDefault(s => spanSeconds / s <= 8, TickSteps[^1] * Math.Ceiling(spanSeconds / 8 / TickSteps[^1]));
        var first = Math.Ceiling((From - Origin).TotalSeconds / step) * step;
        for (var seconds = first; Origin.AddSeconds(seconds) <= To; seconds += step)
            yield return (Origin.AddSeconds(seconds), ReportText.Number(seconds, "0.#") + " s");
    }
}
