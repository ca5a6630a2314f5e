using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Harness.Tests.Bindings;

/// <summary>Ends a scenario the way ChaosLab's hooks do when the harness finds a problem after the steps passed.</summary>
[Binding]
public sealed class ProblemAtEndHooks(ScenarioContext scenario)
{
    public const string Problem = "heal (sweep) failed: the chaos state folder is missing";

    [Given("a step that passes")]
    public static void Passes() => ScratchJournal.Record("passed");

    [AfterScenario("problem-at-end")]
    public void ReportProblem()
    {
        if (ScenarioJudgement.Of(scenario.TestError, [Problem]).TestFailure(scenario.TestError) is { } failure)
        {
            throw failure;
        }
    }
}
