using ChaosLab.Harness.Execution;
using ChaosLab.Harness.Scenarios;
using ChaosLab.Harness.Tests.Bindings;

namespace ChaosLab.Harness.Tests.Execution;

[Category("Unit")]
public sealed class ScenarioRunnerTests
{
    [SetUp]
    public void ClearJournal() => ScratchJournal.Clear();

    [Test]
    public async Task A_scenario_runs_its_hook_its_background_and_its_steps_with_one_injected_object()
    {
        await RunAsync("Scratch_calculator.Adding_two_numbers");

        Assert.That(ScratchJournal.Read(), Is.EqualTo(new[]
        {
            $"before scenario: Adding two numbers (NUnit test {TestContext.CurrentContext.Test.Name})",
            "background: prepared by hook = True",
            "entered 50",
            "entered 70",
            "result 120, expected 120",
            "after scenario: Adding two numbers",
        }));
    }

    [Test]
    public async Task The_background_runs_before_each_scenario()
    {
        await RunAsync("Scratch_calculator.Adding_a_and_b_1");
        await RunAsync("Scratch_calculator.Greeting_name_row1");

        var backgrounds = ScratchJournal.Read()
            .Select((entry, index) => (entry, index))
            .Where(e => e.entry.StartsWith("background:", StringComparison.Ordinal))
            .Select(e => e.index);
        Assert.That(backgrounds, Is.EqualTo(new[] { 1, 7 }));
    }

    [Test]
    public async Task A_scenario_in_a_rule_runs_the_rule_background_after_the_feature_background()
    {
        await RunAsync("Scratch_rules.Adding_to_the_seed");

        Assert.That(ScratchJournal.Read().Skip(1).Take(4), Is.EqualTo(new[]
        {
            "background: prepared by hook = True",
            "entered 5",
            "entered 1",
            "result 6, expected 6",
        }));
    }

    [Test]
    public async Task Tables_and_doc_strings_reach_the_bindings()
    {
        await RunAsync("Scratch_calculator.Greeting_name_row2");

        Assert.That(ScratchJournal.Read(), Does.Contain("display: hello alice").And.Contain("entered 2").And.Contain("result 3, expected 3"));
    }

    [Test]
    public void A_failing_step_fails_the_test_naming_the_step_with_its_own_exception_inside()
    {
        var error = Assert.ThrowsAsync<StepFailedException>(() => RunAsync("Scratch_failures.A_step_that_throws"));

        Assert.That(error.Message, Does.StartWith("step failed: Given a step that throws \"the lab is on fire\"").And.EndWith("the lab is on fire"));
        Assert.That(error.InnerException, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public void A_broken_expectation_names_the_step_the_expectation_and_the_last_observed_state()
    {
        var error = Assert.ThrowsAsync<StepFailedException>(() => RunAsync("Scratch_failures.An_expectation_that_never_holds"));

        Assert.That(error.Message, Does.Contain("step failed: Then the counter reaches 3 within 1 second")
            .And.Contain("expected the counter to reach 3 within 1 s")
            .And.Contain("last observed: counter at 1"));
    }

    [Test]
    public void A_problem_found_after_passing_steps_fails_the_test_with_the_same_message()
    {
        var error = Assert.CatchAsync(() => RunAsync("Scratch_failures.Steps_that_pass_but_a_problem_found_at_the_end"));

        Assert.That(ScratchJournal.Read(), Does.Contain("passed"));
        Assert.That(error, Is.TypeOf<ScenarioProblemsException>());
        Assert.That(error!.Message, Does.EndWith(ProblemAtEndHooks.Problem));
    }

    [Test]
    public void An_undefined_step_fails_with_the_step_text_and_a_suggested_binding()
    {
        var error = Assert.ThrowsAsync<UnimplementedStepsException>(() => RunAsync("Scratch_failures.An_undefined_step"));

        Assert.That(error.Message, Does.Contain("No matching step definition found")
            .And.Contain("[Given(\"a step nobody has written yet\")]")
            .And.Contain("public void GivenAStepNobodyHasWrittenYet()"));
    }

    [Test]
    public void A_pending_step_fails_and_names_its_binding()
    {
        var error = Assert.ThrowsAsync<UnimplementedStepsException>(() => RunAsync("Scratch_failures.A_pending_step"));

        Assert.That(error.Message, Does.Contain("not implemented yet").And.Contain("FailureSteps.StillPending()"));
    }

    [Test]
    public void An_ignored_scenario_run_directly_is_reported_ignored_without_running_its_steps()
    {
        Assert.ThrowsAsync<IgnoreException>(() => RunAsync("Scratch_calculator.A_scenario_that_is_ignored"));

        Assert.That(ScratchJournal.Read(), Is.Empty);
    }

    [Test]
    public void A_feature_with_a_syntax_error_fails_naming_file_line_and_column()
    {
        var error = Assert.ThrowsAsync<FeatureSyntaxException>(() => RunAsync("Scratch_Broken_Broken.Gherkin_syntax_error"));

        Assert.That(error.Message, Does.StartWith("Scratch/Broken/Broken.feature:5:5: "));
    }

    private static Task RunAsync(string name) => FeatureTests.RunAsync(ScratchCatalog.Case(name));
}
