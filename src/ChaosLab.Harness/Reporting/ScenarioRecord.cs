using System.Text.Json.Serialization;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// What one scenario did and what was observed while it ran. Observers append from background tasks through the Add
/// methods, which lock; the list getters are for reading once the scenario is over.
/// </summary>
public sealed class ScenarioRecord
{
    private readonly Lock _gate = new();

    /// <summary>The NUnit test name, Feature_title.Scenario_title.</summary>
    public string Id { get; set; } = "";

    public string Feature { get; set; } = "";

    public string Title { get; set; } = "";

    public string FeatureFile { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public string Topology { get; set; } = "";

    public string TimingProfile { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public TimeSpan Duration { get; set; }

    public Verdict Verdict { get; set; }

    public string? Failure { get; set; }

    public string? SkipReason { get; set; }

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<StepRecord> Steps { get; } = [];

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<TimelineEvent> Timeline { get; } = [];

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<BoundCheck> Bounds { get; } = [];

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<ProbeSeries> Probes { get; } = [];

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<LeaderChange> LeaderChanges { get; } = [];

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<FaultWindow> Faults { get; } = [];

    [JsonIgnore]
    public DateTimeOffset EndedAt => StartedAt + Duration;

    public void AddStep(StepRecord step) => Append(Steps, step);

    public void AddTimeline(TimelineEvent timelineEvent) => Append(Timeline, timelineEvent);

    public void AddBound(BoundCheck bound) => Append(Bounds, bound);

    public void AddProbe(ProbeSeries probe) => Append(Probes, probe);

    public void AddLeaderChange(LeaderChange change) => Append(LeaderChanges, change);

    public void AddFault(FaultWindow fault) => Append(Faults, fault);

    /// <summary>The probe series with this name, added first if there is none, so that several observers can share one.</summary>
    public ProbeSeries GetOrAddProbe(string name)
    {
        lock (_gate)
        {
            var probe = Probes.Find(p => p.Name == name);
            if (probe is null)
            {
                probe = new ProbeSeries(name);
                Probes.Add(probe);
            }

            return probe;
        }
    }

    /// <summary>
    /// Replaces the fault with the same <see cref="FaultWindow.Id"/>, or adds it: the chaos engine records a fault when it is
    /// injected and fills in the later times as it heals.
    /// </summary>
    public void UpsertFault(FaultWindow fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            var index = Faults.FindIndex(f => f.Id == fault.Id);
            if (index < 0)
                Faults.Add(fault);
            else
                Faults[index] = fault;
        }
    }

    /// <summary>The windows during which a fault was in place; one still in place at the end lasts until the scenario ended.</summary>
    internal IReadOnlyCollection<(DateTimeOffset From, DateTimeOffset To)> FaultIntervals()
    {
        lock (_gate)
            return [.. Faults.Select(f => (f.InjectedAt, f.EndOr(EndedAt)))];
    }

    /// <summary>A copy that later appends do not touch.</summary>
    internal ScenarioRecord Snapshot()
    {
        var copy = new ScenarioRecord
        {
            Id = Id,
            Feature = Feature,
            Title = Title,
            FeatureFile = FeatureFile,
            Tags = [.. Tags],
            Topology = Topology,
            TimingProfile = TimingProfile,
            StartedAt = StartedAt,
            Duration = Duration,
            Verdict = Verdict,
            Failure = Failure,
            SkipReason = SkipReason,
        };
        lock (_gate)
        {
            copy.Steps.AddRange(Steps);
            copy.Timeline.AddRange(Timeline);
            copy.Bounds.AddRange(Bounds);
            copy.Probes.AddRange(Probes.Select(p => p.Snapshot()));
            copy.LeaderChanges.AddRange(LeaderChanges);
            copy.Faults.AddRange(Faults);
        }

        return copy;
    }

    private void Append<T>(List<T> list, T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
            list.Add(item);
    }
}
