using System.Text.Json.Serialization;

namespace ChaosLab.Harness.Reporting;

/// <summary>One <c>dotnet test</c> run: where it ran and every scenario it ran. Scenarios finishing in parallel add through <see cref="AddScenario"/>.</summary>
public sealed class RunRecord
{
    private readonly Lock _gate = new();

    /// <summary>For example "20261125-161500".</summary>
    public string RunId { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>"bundled lab (topology ha)" or "kubeconfig /path".</summary>
    public string Target { get; set; } = "";

    /// <summary>Host name, cores, memory.</summary>
    public string Machine { get; set; } = "";

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<ScenarioRecord> Scenarios { get; } = [];

    public void AddScenario(ScenarioRecord s)
    {
        ArgumentNullException.ThrowIfNull(s);
        lock (_gate)
            Scenarios.Add(s);
    }

    /// <summary>A deep copy that later appends do not touch, so that a report is written from one consistent state.</summary>
    internal RunRecord Snapshot()
    {
        var copy = new RunRecord
        {
            RunId = RunId,
            StartedAt = StartedAt,
            EndedAt = EndedAt,
            Target = Target,
            Machine = Machine,
        };
        lock (_gate)
            copy.Scenarios.AddRange(Scenarios.Select(s => s.Snapshot()));
        return copy;
    }
}
