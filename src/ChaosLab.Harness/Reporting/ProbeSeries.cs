using System.Text.Json.Serialization;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// The samples of one probe ("API writes", "service web from worker-2"). A probe task appends with <see cref="AddSample"/>
/// while the scenario runs; read <see cref="Samples"/> once it has stopped.
/// </summary>
public sealed class ProbeSeries
{
    private readonly Lock _gate = new();

    public ProbeSeries()
    {
    }

    public ProbeSeries(string name) => Name = name;

    public string Name { get; set; } = "";

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<ProbeSample> Samples { get; } = [];

    /// <summary>Successful samples ÷ samples; 1.0 when there are none, because nothing failed.</summary>
    public double Availability
    {
        get
        {
            lock (_gate)
                return Samples.Count == 0 ? 1.0 : (double)Samples.Count(s => s.Ok) / Samples.Count;
        }
    }

    public void AddSample(ProbeSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
            Samples.Add(sample);
    }

    /// <summary>Availability over the samples taken in [<paramref name="from"/>, <paramref name="to"/>]; null when none were.</summary>
    public double? AvailabilityDuring(DateTimeOffset from, DateTimeOffset to) => AvailabilityDuring([(from, to)]);

    /// <summary>Availability over the samples taken inside any of the windows (each inclusive); null when none were.</summary>
    internal double? AvailabilityDuring(IReadOnlyCollection<(DateTimeOffset From, DateTimeOffset To)> windows)
    {
        int total = 0, ok = 0;
        lock (_gate)
        {
            foreach (var sample in Samples)
            {
                if (!windows.Any(w => sample.At >= w.From && sample.At <= w.To))
                    continue;
                total++;
                if (sample.Ok)
                    ok++;
            }
        }

        return total == 0 ? null : (double)ok / total;
    }

    /// <summary>A copy that later appends do not touch, for writing reports while a straggling probe may still add.</summary>
    internal ProbeSeries Snapshot()
    {
        var copy = new ProbeSeries(Name);
        lock (_gate)
            copy.Samples.AddRange(Samples);
        return copy;
    }
}
