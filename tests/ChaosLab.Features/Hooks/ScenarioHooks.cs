using System.Diagnostics;
using ChaosLab.Harness.Reporting;
using ChaosLab.Harness.Scenarios;
using Reqnroll;
using Reqnroll.BoDi;

namespace ChaosLab.Features.Hooks;

/// <summary>
/// Cluster lifecycle from tags (@topology:NAME, default single; @fresh-cluster), one session per
/// scenario, faults always healed at the end, and the scenario's record added to the run's report.
/// </summary>
[Binding]
public sealed class ScenarioHooks(ScenarioContext scenario, FeatureContext feature, IObjectContainer container)
{
    private const string DefaultTopology = "single";
    private readonly Stopwatch _step = new();
    private ScenarioRecord? _record;
    private ScenarioSession? _session;
    private Stopwatch? _clock;

    [BeforeScenario(Order = 0)]
    public async Task StartAsync()
    {
        var tags = scenario.ScenarioInfo.CombinedTags;
        var topology = tags.FirstOrDefault(t => t.StartsWith("topology:", StringComparison.Ordinal))?["topology:".Length..] ?? DefaultTopology;
        _record = new ScenarioRecord
        {
            Id = TestContext.CurrentContext.Test.Name,
            Feature = feature.FeatureInfo.Title,
            Title = ExampleTitle(scenario.ScenarioInfo),
            FeatureFile = feature.FeatureInfo.FolderPath,
            Tags = [.. tags],
            StartedAt = DateTimeOffset.UtcNow,
        };
        HarnessRun.Record.AddScenario(_record);
        var acquire = Stopwatch.StartNew();
        _session = await ScenarioSession.StartAsync(_record, topology, tags.Contains("fresh-cluster"));
        container.RegisterInstanceAs(_session);
        // The scenario's own duration starts now; bringing a cluster up is the pool's cost, shown on the timeline.
        _record.StartedAt = DateTimeOffset.UtcNow;
        _record.AddTimeline(new TimelineEvent(_record.StartedAt, "step", "cluster", $"{_session.Cluster.Describe()} ready after {acquire.Elapsed.TotalSeconds:0.0} s"));
        _clock = Stopwatch.StartNew();
    }

    /// <summary>An outline's title with its example row's values in place of the placeholders.</summary>
    private static string ExampleTitle(ScenarioInfo info)
    {
        var title = info.Title;
        foreach (System.Collections.DictionaryEntry argument in info.Arguments)
        {
            title = title.Replace($"<{argument.Key}>", argument.Value?.ToString(), StringComparison.Ordinal);
        }
        return title;
    }

    [BeforeStep]
    public void BeforeStep() => _step.Restart();

    [AfterStep]
    public void AfterStep()
    {
        var info = scenario.StepContext.StepInfo;
        var error = scenario.TestError;
        _record?.AddStep(new StepRecord(info.StepDefinitionType.ToString(), info.Text, error is null ? "passed" : "failed", _step.Elapsed, error?.Message));
        _record?.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "step", error is null ? "passed" : "failed", info.Text));
    }

    [AfterScenario(Order = 0)]
    public async Task EndAsync()
    {
        if (_record is null)
        {
            return;
        }
        _record.Duration = _clock?.Elapsed ?? TimeSpan.Zero;
        var problems = new List<string>();
        try
        {
            if (_session is not null)
            {
                problems.AddRange(await _session.EndAsync());
            }
        }
        catch (Exception ex)
        {
            problems.Add($"ending the scenario failed (heal or clean-up): {ex.Message}");
        }
        foreach (var problem in problems)
        {
            TestContext.Progress.WriteLine($"[harness] {_record.Id}: {problem}");
        }
        var judgement = ScenarioJudgement.Of(scenario.TestError, problems);
        (_record.Verdict, _record.Failure, _record.SkipReason) = (judgement.Verdict, judgement.Failure, judgement.SkipReason);
        if (judgement.TestFailure(scenario.TestError) is { } failure)
        {
            throw failure;
        }
    }
}
