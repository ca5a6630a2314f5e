using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Tests.Reporting;

[Category("Unit")]
public sealed class ProbeSeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 16, 15, 0, TimeSpan.Zero);

    [Test]
    public async Task Eight_tasks_adding_a_thousand_samples_each_yield_eight_thousand()
    {
        var probe = new ProbeSeries("API writes");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(task => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
                probe.AddSample(new ProbeSample(T0.AddMilliseconds(i), i % 10 != 0, 3, null));
        })));

        Assert.That(probe.Samples, Has.Count.EqualTo(8000));
        Assert.That(probe.Availability, Is.EqualTo(0.9));
    }

    [Test]
    public async Task Observers_appending_to_a_scenario_from_several_tasks_lose_nothing()
    {
        var scenario = new ScenarioRecord();
        var run = new RunRecord();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(task => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                scenario.AddTimeline(new TimelineEvent(T0, "pod", "phase", $"{task}/{i}"));
                scenario.GetOrAddProbe($"probe {i % 4}").AddSample(new ProbeSample(T0, true, 1, null));
            }

            run.AddScenario(new ScenarioRecord());
        })));

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Timeline, Has.Count.EqualTo(8000));
            Assert.That(scenario.Probes, Has.Count.EqualTo(4));
            Assert.That(scenario.Probes.Sum(p => p.Samples.Count), Is.EqualTo(8000));
            Assert.That(run.Scenarios, Has.Count.EqualTo(8));
        });
    }

    [Test]
    public void Availability_is_one_without_samples()
    {
        var probe = new ProbeSeries("idle");

        Assert.That(probe.Availability, Is.EqualTo(1.0));
        Assert.That(probe.AvailabilityDuring(T0, T0.AddMinutes(1)), Is.Null);
    }

    [Test]
    public void Availability_during_a_window_counts_only_the_samples_inside_it_ends_included()
    {
        var probe = new ProbeSeries("API writes");
        for (var i = 0; i < 10; i++)
            probe.AddSample(new ProbeSample(T0.AddSeconds(i), i is not (3 or 4 or 8), 5, null));

        Assert.Multiple(() =>
        {
            Assert.That(probe.Availability, Is.EqualTo(0.7).Within(1e-12));
            Assert.That(probe.AvailabilityDuring(T0.AddSeconds(2), T0.AddSeconds(5)), Is.EqualTo(0.5));
            Assert.That(probe.AvailabilityDuring(T0.AddSeconds(20), T0.AddSeconds(30)), Is.Null);
        });
    }

    [Test]
    public void Upserting_a_fault_fills_in_its_later_times()
    {
        var scenario = new ScenarioRecord();
        scenario.UpsertFault(new FaultWindow("f1", "node-stop", "stop worker-1", T0, null, null, null));
        scenario.UpsertFault(new FaultWindow("f1", "node-stop", "stop worker-1", T0, T0.AddSeconds(1), T0.AddSeconds(9), T0.AddSeconds(12)));
        scenario.UpsertFault(new FaultWindow("f2", "node-stop", "stop worker-2", T0, null, null, null));

        Assert.That(scenario.Faults.Select(f => (f.Id, f.HealVerifiedAt)), Is.EqualTo(new[] { ("f1", (DateTimeOffset?)T0.AddSeconds(12)), ("f2", null) }));
    }
}
