using ChaosLab.Harness.Execution;

namespace ChaosLab.Harness.Tests.Execution;

[Category("Unit")]
public sealed class ReportTests
{
    [Test]
    public async Task A_run_writes_the_html_and_ndjson_reports_into_the_report_folder()
    {
        var testAssembly = typeof(ReportTests).Assembly;
        var folder = Directory.CreateTempSubdirectory("chaoslab-report-").FullName;
        var previous = Environment.GetEnvironmentVariable(ReportFolder.EnvironmentVariable);

        // The formatters open their files when a test run starts and finish them when it ends: this test runs a run of its own.
        await ScenarioRunner.EndTestRunAsync(testAssembly);
        Environment.SetEnvironmentVariable(ReportFolder.EnvironmentVariable, folder);
        try
        {
            await ScenarioRunner.StartTestRunAsync(testAssembly);
            await ScenarioRunner.RunAsync(ScratchCatalog.Case("Scratch_calculator.Adding_two_numbers"), testAssembly);
            Assert.ThrowsAsync<StepFailedException>(() => ScenarioRunner.RunAsync(ScratchCatalog.Case("Scratch_failures.A_step_that_throws"), testAssembly));
            await ScenarioRunner.EndTestRunAsync(testAssembly);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReportFolder.EnvironmentVariable, previous);
            await ScenarioRunner.StartTestRunAsync(testAssembly);
        }

        var ndjson = await File.ReadAllLinesAsync(Path.Combine(folder, "reqnroll_report.ndjson"));
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "reqnroll_report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(ndjson.Count(l => l.StartsWith("{\"source\":", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(ndjson.Count(l => l.StartsWith("{\"testCaseFinished\":", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(ndjson.Count(l => l.StartsWith("{\"testStepFinished\":", StringComparison.Ordinal) && l.Contains("\"FAILED\"", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(ndjson.Last(), Does.StartWith("{\"testRunFinished\":"));
            Assert.That(html, Does.Contain("Adding two numbers").And.Contain("the lab is on fire"));
        });
        Directory.Delete(folder, recursive: true);
    }
}
