using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Tests.Reporting;

[Category("Unit")]
public sealed class ResilienceScoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 16, 15, 0, TimeSpan.Zero);

    [Test]
    public void The_run_score_is_the_mean_over_scored_scenarios()
    {
        var run = SampleRun.Create();

        Assert.Multiple(() =>
        {
            Assert.That(ResilienceScore.Of(run.Scenarios[0]), Is.EqualTo(SampleRun.PassedScenarioScore).Within(1e-9));
            Assert.That(ResilienceScore.Of(run.Scenarios[1]), Is.Zero);
            Assert.That(ResilienceScore.Of(run.Scenarios[2]), Is.Null);
            Assert.That(ResilienceScore.Of(run.Scenarios[3]), Is.Null);
            Assert.That(ResilienceScore.Of(run), Is.EqualTo(SampleRun.RunScore).Within(1e-9));
        });
    }

    [Test]
    public void A_passed_scenario_without_faults_is_not_scored()
    {
        var scenario = new ScenarioRecord { Verdict = Verdict.Passed, StartedAt = T0, Duration = TimeSpan.FromSeconds(3) };

        Assert.That(ResilienceScore.Of(scenario), Is.Null);
    }

    [Test]
    public void Missed_bounds_scale_the_score_down_and_no_probes_count_as_full_availability()
    {
        var scenario = new ScenarioRecord { Verdict = Verdict.Passed, StartedAt = T0, Duration = TimeSpan.FromSeconds(30) };
        scenario.AddFault(new FaultWindow("f1", "node-stop", "stop worker-1", T0.AddSeconds(2), null, null, null));
        scenario.AddBound(new BoundCheck("node NotReady", "detect", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), true, "nodeMonitorGracePeriod 4s"));
        scenario.AddBound(new BoundCheck("pods rescheduled", "recover", TimeSpan.FromSeconds(10), null, false, "podEvictionTimeout 8s + 2s"));

        Assert.That(ResilienceScore.Of(scenario), Is.EqualTo(50));
    }

    [Test]
    public void A_fault_never_healed_lasts_until_the_scenario_ends()
    {
        var scenario = new ScenarioRecord { Verdict = Verdict.Passed, StartedAt = T0, Duration = TimeSpan.FromSeconds(10) };
        scenario.AddFault(new FaultWindow("f1", "partition", "cp-1 | rest", T0.AddSeconds(6), T0.AddSeconds(6.2), null, null));
        var probe = scenario.GetOrAddProbe("API writes");
        for (var i = 0; i <= 12; i++)
            probe.AddSample(new ProbeSample(T0.AddSeconds(i), i < 8, 4, null));

        // Samples at 6..10 are inside the window (5 of them, 2 ok); 11 and 12 came after the scenario ended.
        Assert.That(ResilienceScore.AvailabilityDuringFaults(scenario), Is.EqualTo(0.4).Within(1e-12));
    }
}
