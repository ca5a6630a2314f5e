using ChaosLab.Harness.Reporting;
using ChaosLab.Harness.Reporting.Comparison;

namespace ChaosLab.Harness.Tests.Reporting.Comparison;

[Category("Unit")]
public sealed class RunComparisonTests
{
    private static RunComparison Compare(params RunRecord[] runs) =>
        RunComparison.Of([.. runs.Select((r, i) => new ComparedRun(RunComparison.Letter(i), $"/reports/{r.RunId}", r))]);

    private static ScenarioComparison Scenario(RunComparison comparison, string title) => comparison.Scenarios.Single(s => s.Title == title);

    [Test]
    public void Every_scenario_of_every_run_is_matched_by_its_id_in_order()
    {
        var comparison = Compare(ComparisonRuns.Fast(), ComparisonRuns.Kubernetes());

        Assert.That(comparison.Scenarios.Select(s => s.Title), Is.EqualTo(new[] { ComparisonRuns.KubeletTitle, ComparisonRuns.PauseTitle, ComparisonRuns.DnsTitle }));
        Assert.That(comparison.Scenarios, Has.All.Matches<ScenarioComparison>(s => s.PerRun.Count == 2 && s.PerRun.All(r => r is not null)));
    }

    [Test]
    public void A_different_verdict_is_flagged_and_the_same_one_is_not()
    {
        var comparison = Compare(ComparisonRuns.Fast(), ComparisonRuns.Kubernetes());

        Assert.Multiple(() =>
        {
            Assert.That(Scenario(comparison, ComparisonRuns.PauseTitle).VerdictDiffers, Is.True);
            Assert.That(Scenario(comparison, ComparisonRuns.PauseTitle).Differences, Does.Contain("verdict differs"));
            Assert.That(Scenario(comparison, ComparisonRuns.DnsTitle).VerdictDiffers, Is.True);
            Assert.That(Scenario(comparison, ComparisonRuns.KubeletTitle).VerdictDiffers, Is.False);
            Assert.That(comparison.VerdictDifferences, Is.EqualTo(2));
        });
    }

    [Test]
    public void Bounds_are_matched_by_position_though_their_text_names_other_nodes()
    {
        var bound = Scenario(Compare(ComparisonRuns.Fast(), ComparisonRuns.Kubernetes()), ComparisonRuns.PauseTitle).Bounds.Single();

        Assert.That(bound.What, Is.EqualTo("node worker-1 detected not Ready"));
        Assert.That(bound.PerRun.Select(b => b?.What), Is.EqualTo(new[] { "node worker-1 detected not Ready", "node worker-2 detected not Ready" }));
        Assert.That(bound.Difference, Is.EqualTo("missed in B"));
    }

    [Test]
    public void A_bound_measured_far_apart_is_flagged_with_the_gap()
    {
        var comparison = Compare(ComparisonRuns.Fast(), ComparisonRuns.Kubernetes());

        Assert.That(Scenario(comparison, ComparisonRuns.KubeletTitle).Bounds.Single().Difference, Is.EqualTo("42 s apart"));
        Assert.That(comparison.BoundDifferences, Is.EqualTo(2));
    }

    [Test]
    public void The_same_run_twice_has_no_difference()
    {
        var comparison = Compare(ComparisonRuns.Fast(), ComparisonRuns.Fast());

        Assert.That(comparison.Scenarios, Has.None.Matches<ScenarioComparison>(s => s.Differs));
    }

    [Test]
    public void Availability_during_faults_is_given_per_run_and_flagged_when_far_apart()
    {
        var kubelet = Scenario(Compare(ComparisonRuns.Fast(), ComparisonRuns.Kubernetes()), ComparisonRuns.KubeletTitle);

        Assert.That(kubelet.AvailabilityDuringFaults, Is.EqualTo(new double?[] { 0.95, 0.75 }).Within(1e-9));
        Assert.That(kubelet.Differences, Is.EqualTo(new[] { "availability 20 points apart" }));
    }

    [Test]
    public void A_scenario_one_run_lacks_is_null_there_and_differs()
    {
        var partial = new RunRecord { RunId = "partial", StartedAt = ComparisonRuns.Start };
        partial.AddScenario(ComparisonRuns.Fast().Scenarios[0]);

        var comparison = Compare(partial, ComparisonRuns.Fast());

        Assert.That(comparison.Scenarios, Has.Count.EqualTo(3));
        Assert.That(Scenario(comparison, ComparisonRuns.DnsTitle).PerRun[0], Is.Null);
        Assert.That(Scenario(comparison, ComparisonRuns.DnsTitle).VerdictDiffers, Is.True);
        Assert.That(Scenario(comparison, ComparisonRuns.KubeletTitle).Differs, Is.False);
    }

    [Test]
    public void One_run_is_not_a_comparison()
    {
        var ex = Assert.Throws<ComparisonInputException>(() => Compare(ComparisonRuns.Fast()));

        Assert.That(ex!.Message, Does.Contain("at least two runs"));
    }

    [TestCase(0, "A")]
    [TestCase(1, "B")]
    [TestCase(25, "Z")]
    [TestCase(26, "A2")]
    public void Runs_are_lettered_in_order(int index, string letter) => Assert.That(RunComparison.Letter(index), Is.EqualTo(letter));
}
