using ChaosLab.Harness.Reporting;
using ChaosLab.Harness.Scenarios;

namespace ChaosLab.Harness.Tests.Scenarios;

[Category("Unit")]
public sealed class ScenarioJudgementTests
{
    [Test]
    public void Passing_steps_and_a_clean_end_pass()
    {
        var judgement = ScenarioJudgement.Of(null, []);

        Assert.That(judgement, Is.EqualTo(new ScenarioJudgement(Verdict.Passed, null, null)));
        Assert.That(judgement.TestFailure(null), Is.Null);
    }

    [TestCase("heal (sweep) failed: Could not find a part of the path")]
    [TestCase("swept a leftover: worker-1: rule -A INPUT -j DROP")]
    [TestCase("the cluster was left unhealthy (worker-2 NotReady)")]
    public void Any_problem_at_the_end_fails_a_scenario_whose_steps_passed_in_the_report_and_the_test(string problem)
    {
        var judgement = ScenarioJudgement.Of(null, [problem]);

        Assert.That(judgement.Verdict, Is.EqualTo(Verdict.Failed));
        Assert.That(judgement.Failure, Does.EndWith(problem));
        var failure = judgement.TestFailure(null);
        Assert.That(failure, Is.TypeOf<ScenarioProblemsException>());
        Assert.That(failure!.Message, Is.EqualTo(judgement.Failure));
    }

    [Test]
    public void A_failed_step_keeps_its_own_exception_and_the_report_shows_both()
    {
        var step = new InvalidOperationException("pods not ready");
        var judgement = ScenarioJudgement.Of(step, ["heal failed: timeout"]);

        Assert.That(judgement.Verdict, Is.EqualTo(Verdict.Failed));
        Assert.That(judgement.Failure, Does.StartWith("pods not ready").And.EndWith("heal failed: timeout"));
        Assert.That(judgement.TestFailure(step), Is.Null, "the step's exception already fails the test");
    }

    [Test]
    public void A_skipped_scenario_is_skipped_unless_ending_it_found_a_problem()
    {
        var skip = new IgnoreException("the target offers no node-pause");

        Assert.That(ScenarioJudgement.Of(skip, []), Is.EqualTo(new ScenarioJudgement(Verdict.Skipped, null, "the target offers no node-pause")));
        Assert.That(ScenarioJudgement.Of(skip, ["heal failed: x"]).TestFailure(skip), Is.TypeOf<ScenarioProblemsException>());
    }
}
