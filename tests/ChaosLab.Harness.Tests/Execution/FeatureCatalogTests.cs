using ChaosLab.Harness.Execution;

namespace ChaosLab.Harness.Tests.Execution;

[Category("Unit")]
public sealed class FeatureCatalogTests
{
    [Test]
    public void Every_scenario_and_example_row_becomes_one_case_with_a_filterable_name()
    {
        var names = FeatureCatalog.Load("Scratch/Passing").Cases.Select(c => c.Name).ToList();

        Assert.That(names, Is.EqualTo(new[]
        {
            "Scratch_calculator.Adding_two_numbers",
            "Scratch_calculator.Adding_a_and_b_1",
            "Scratch_calculator.Adding_a_and_b_10",
            "Scratch_calculator.Greeting_name_row1",
            "Scratch_calculator.Greeting_name_row2",
            "Scratch_calculator.A_scenario_that_is_ignored",
            "Scratch_rules.Adding_to_the_seed",
        }));
    }

    [Test]
    public void Outline_rows_get_their_values_substituted_in_step_text_tables_and_doc_strings()
    {
        var adding = ScratchCatalog.Scenario("Scratch_calculator.Adding_a_and_b_10");
        var greeting = ScratchCatalog.Scenario("Scratch_calculator.Greeting_name_row2");

        Assert.Multiple(() =>
        {
            Assert.That(adding.Steps.Select(s => s.Text), Is.EqualTo(new[]
            {
                "the calculator is cleared",
                "I have entered 10 into the calculator",
                "I have entered 5 into the calculator",
                "I press add",
                "the result should be 15",
                "the result should not be 0",
            }));
            Assert.That(adding.Arguments, Is.EqualTo(new Dictionary<string, string> { ["a"] = "10", ["b"] = "5", ["sum"] = "15" }));
            Assert.That(adding.Title, Is.EqualTo("Adding <a> and <b>"));
            Assert.That(greeting.Steps[1].DocString, Is.EqualTo("hello alice"));
            Assert.That(greeting.Steps[2].Table, Is.EqualTo(new[] { new[] { "number" }, new[] { "2" }, new[] { "1" } }));
            Assert.That(greeting.Steps[4].Text, Is.EqualTo("the display text is \"hello alice\""));
        });
    }

    [Test]
    public void Background_steps_come_first_and_keywords_follow_reqnroll()
    {
        var adding = ScratchCatalog.Scenario("Scratch_calculator.Adding_a_and_b_1");

        Assert.That(
            adding.Steps.Select(s => (s.Keyword, s.KeywordText.Trim())),
            Is.EqualTo(new[]
            {
                (StepKeyword.Given, "Given"),
                (StepKeyword.Given, "Given"),
                (StepKeyword.And, "*"),
                (StepKeyword.When, "When"),
                (StepKeyword.Then, "Then"),
                (StepKeyword.But, "But"),
            }));
    }

    [Test]
    public void Rule_background_steps_follow_the_feature_background_and_rule_tags_are_inherited()
    {
        var seeded = ScratchCatalog.Scenario("Scratch_rules.Adding_to_the_seed");

        Assert.Multiple(() =>
        {
            Assert.That(seeded.Steps.Select(s => s.Text).Take(3), Is.EqualTo(new[]
            {
                "the calculator is cleared",
                "I have entered 5 into the calculator",
                "I have entered 1 into the calculator",
            }));
            Assert.That(seeded.Rule?.Title, Is.EqualTo("Sums start from a seed"));
            Assert.That(seeded.InheritedTags, Is.EqualTo(new[] { "rule-tag" }));
            Assert.That(seeded.Categories, Is.EqualTo(new[] { "rule-tag" }));
        });
    }

    [Test]
    public void Feature_scenario_and_examples_tags_become_categories_without_the_at_sign()
    {
        var adding = ScratchCatalog.Scenario("Scratch_calculator.Adding_a_and_b_1");

        Assert.Multiple(() =>
        {
            Assert.That(adding.Categories, Is.EquivalentTo(new[] { "smoke", "calculator", "topology:ha", "examples-tag" }));
            Assert.That(adding.Tags, Is.EqualTo(new[] { "topology:ha", "examples-tag" }));
            Assert.That(adding.InheritedTags, Is.EqualTo(new[] { "smoke", "calculator" }));
        });
    }

    [Test]
    public void Nunit_cases_carry_name_categories_and_the_ignore_tag()
    {
        var cases = FeatureTests.Cases("Scratch/Passing").ToDictionary(c => c.TestName!);

        Assert.Multiple(() =>
        {
            Assert.That(cases["Scratch_calculator.Adding_a_and_b_1"].Properties["Category"], Is.EquivalentTo(new[] { "smoke", "calculator", "topology:ha", "examples-tag" }));
            Assert.That(cases["Scratch_calculator.Adding_two_numbers"].RunState, Is.EqualTo(NUnit.Framework.Interfaces.RunState.Runnable));
            Assert.That(cases["Scratch_calculator.A_scenario_that_is_ignored"].RunState, Is.EqualTo(NUnit.Framework.Interfaces.RunState.Ignored));
            Assert.That(cases["Scratch_calculator.A_scenario_that_is_ignored"].Properties.Get(NUnit.Framework.Internal.PropertyNames.SkipReason), Is.EqualTo("Ignored by the @ignore tag"));
        });
    }

    [Test]
    public void A_feature_with_a_syntax_error_becomes_one_case_naming_file_line_and_column()
    {
        var broken = ScratchCatalog.All.Cases.OfType<FeatureSyntaxErrorCase>().ToList();

        Assert.That(broken, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(broken[0].Name, Is.EqualTo("Scratch_Broken_Broken.Gherkin_syntax_error"));
            Assert.That(broken[0].ErrorMessage, Does.StartWith("Scratch/Broken/Broken.feature:5:5: expected: "));
            Assert.That(broken[0].ErrorMessage, Does.Contain("got 'this line is not a step'"));
        });
    }

    [Test]
    public void Scenarios_know_their_pickle_and_features_carry_cucumber_messages()
    {
        var feature = ScratchCatalog.Scenario("Scratch_calculator.Adding_two_numbers").Feature;
        var cases = ScratchCatalog.All.Cases.OfType<ScenarioCase>().Where(c => c.Feature == feature).ToList();
        var pickles = feature.Messages.Pickles.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(feature.Messages.Source.Uri, Is.EqualTo("Scratch/Passing/Calculator.feature"));
            Assert.That(feature.Messages.GherkinDocument.Uri, Is.EqualTo("Scratch/Passing/Calculator.feature"));
            Assert.That(cases.Select(c => c.PickleIndex), Is.EqualTo(Enumerable.Range(0, pickles.Count)));
            Assert.That(cases.Select(c => c.Steps.Count), Is.EqualTo(pickles.Select(p => p.Steps.Count)));
            Assert.That(cases.SelectMany(c => c.Steps.Select(s => s.Text)), Is.EqualTo(pickles.SelectMany(p => p.Steps.Select(s => s.Text))));
        });
    }

    [Test]
    public void Pickle_ids_are_unique_across_features()
    {
        var ids = ScratchCatalog.All.Features.SelectMany(f => f.Messages.Pickles.Select(p => p.Id)).ToList();

        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void A_missing_folder_gives_no_cases()
    {
        Assert.That(FeatureTests.Cases("no-such-folder"), Is.Empty);
    }

    [TestCase("A stand-by scheduler takes over after the leader's node is killed", "A_stand_by_scheduler_takes_over_after_the_leader_s_node_is_killed")]
    [TestCase("Losing a worker with <fault> removes its endpoints", "Losing_a_worker_with_fault_removes_its_endpoints")]
    [TestCase("100 ms", "_100_ms")]
    [TestCase("  ", "_")]
    public void Titles_become_identifiers(string title, string identifier)
    {
        Assert.That(TestIdentifier.From(title), Is.EqualTo(identifier));
    }
}
