using ChaosLab.Harness.Reporting;
using ChaosLab.Harness.Reporting.Comparison;

namespace ChaosLab.Harness.Tests.Reporting.Comparison;

[Category("Unit")]
public sealed class ComparedRunTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("chaoslab-compare-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    private string WriteRun(string name, RunRecord run)
    {
        var folder = Path.Combine(_root, name);
        RunReportWriter.Write(run, folder);
        return folder;
    }

    [Test]
    public void A_run_folder_is_read_back_with_its_profile()
    {
        var folder = WriteRun("20261207-230000-fast", ComparisonRuns.Fast());

        var run = ComparedRun.Load("A", folder);

        Assert.That(run.Name, Is.EqualTo("20261207-230000-fast"));
        Assert.That(run.Profiles, Is.EqualTo("fast"));
        Assert.That(run.Run.Scenarios, Has.Count.EqualTo(3));
    }

    [Test]
    public void Its_results_json_or_its_name_under_the_reports_folder_name_it_too()
    {
        var folder = WriteRun("20261207-230000-fast", ComparisonRuns.Fast());

        Assert.That(ComparedRun.Load("A", Path.Combine(folder, "results.json")).Folder, Is.EqualTo(folder));
        Assert.That(ComparedRun.Load("A", "20261207-230000-fast", _root).Folder, Is.EqualTo(folder));
    }

    [Test]
    public void A_missing_folder_is_named()
    {
        var missing = Path.Combine(_root, "no-such-run");

        var ex = Assert.Throws<ComparisonInputException>(() => ComparedRun.Load("A", missing, _root));

        Assert.That(ex!.Message, Is.EqualTo($"{missing}: no such run folder"));
    }

    [Test]
    public void A_folder_without_results_json_is_not_a_run()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "logs")).FullName;

        var ex = Assert.Throws<ComparisonInputException>(() => ComparedRun.Load("A", folder));

        Assert.That(ex!.Message, Is.EqualTo($"{folder} is not a run folder: it has no results.json"));
    }

    [Test]
    public void An_unreadable_results_json_is_named_with_the_reason()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "broken")).FullName;
        File.WriteAllText(Path.Combine(folder, "results.json"), "{ \"scenarios\": [ ");

        var ex = Assert.Throws<ComparisonInputException>(() => ComparedRun.Load("A", folder));

        Assert.That(ex!.Message, Does.StartWith($"{Path.Combine(folder, "results.json")} cannot be read as a run's results: "));
    }
}
