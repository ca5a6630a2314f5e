using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Tests.Reporting;

[Category("Unit")]
public sealed class RunReportWriterTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("chaoslab-run-report-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Writes_the_four_report_files_and_returns_their_paths()
    {
        var written = RunReportWriter.Write(SampleRun.Create(), _folder);

        Assert.That(written.Select(Path.GetFileName), Is.EquivalentTo(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
        Assert.That(written, Has.All.Matches<string>(File.Exists));
    }

    [Test]
    public void Results_json_has_the_schema_version_the_counts_durations_in_seconds_and_the_score()
    {
        RunReportWriter.Write(SampleRun.Create(), _folder);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        var root = json.RootElement;
        var summary = root.GetProperty("summary");
        var passed = root.GetProperty("scenarios")[0];
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("startedAt").GetString(), Is.EqualTo("2026-11-25T16:15:00.000Z"));
            Assert.That(summary.GetProperty("total").GetInt32(), Is.EqualTo(4));
            Assert.That(summary.GetProperty("passed").GetInt32(), Is.EqualTo(1));
            Assert.That(summary.GetProperty("failed").GetInt32(), Is.EqualTo(1));
            Assert.That(summary.GetProperty("skipped").GetInt32(), Is.EqualTo(1));
            Assert.That(summary.GetProperty("ignored").GetInt32(), Is.EqualTo(1));
            Assert.That(summary.GetProperty("durationSeconds").GetDouble(), Is.EqualTo(75));
            Assert.That(summary.GetProperty("scoredScenarios").GetInt32(), Is.EqualTo(2));
            Assert.That(summary.GetProperty("score").GetDouble(), Is.EqualTo(SampleRun.RunScore).Within(0.01));
            Assert.That(summary.GetProperty("scoreFormula").GetString(), Is.EqualTo(ResilienceScore.Formula));

            Assert.That(passed.GetProperty("verdict").GetString(), Is.EqualTo("passed"));
            Assert.That(passed.GetProperty("duration").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(passed.GetProperty("duration").GetDouble(), Is.EqualTo(20.5));
            Assert.That(passed.GetProperty("steps")[0].GetProperty("duration").GetDouble(), Is.EqualTo(1.25));
            Assert.That(passed.GetProperty("bounds")[0].GetProperty("bound").GetDouble(), Is.EqualTo(5));
            Assert.That(passed.GetProperty("bounds")[0].GetProperty("measured").GetDouble(), Is.EqualTo(3.1));
            Assert.That(passed.GetProperty("faults")[0].GetProperty("effectAt").GetString(), Is.EqualTo("2026-11-25T16:15:06.300Z"));
            Assert.That(passed.GetProperty("score").GetDouble(), Is.EqualTo(SampleRun.PassedScenarioScore).Within(0.01));
            Assert.That(passed.GetProperty("probes")[0].GetProperty("availabilityDuringFaults").GetDouble(), Is.EqualTo(21.0 / 23).Within(1e-9));
            Assert.That(passed.GetProperty("probes")[0].GetProperty("availability").GetDouble(), Is.EqualTo(39.0 / 41).Within(1e-9));
            Assert.That(root.GetProperty("scenarios")[2].GetProperty("score").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void Results_json_reads_back_into_the_run_record()
    {
        var run = SampleRun.Create();
        RunReportWriter.Write(run, _folder);

        var read = ResultsJson.Read(Path.Combine(_folder, "results.json"));

        var passed = read.Scenarios[0];
        Assert.Multiple(() =>
        {
            Assert.That(read.RunId, Is.EqualTo(run.RunId));
            Assert.That(read.StartedAt, Is.EqualTo(run.StartedAt));
            Assert.That(read.Scenarios.Select(s => s.Verdict), Is.EqualTo(run.Scenarios.Select(s => s.Verdict)));
            Assert.That(passed.Duration, Is.EqualTo(TimeSpan.FromSeconds(20.5)));
            Assert.That(passed.Tags, Is.EqualTo(run.Scenarios[0].Tags));
            Assert.That(passed.Steps, Is.EqualTo(run.Scenarios[0].Steps));
            Assert.That(passed.Faults, Is.EqualTo(run.Scenarios[0].Faults));
            Assert.That(passed.Bounds, Is.EqualTo(run.Scenarios[0].Bounds));
            Assert.That(passed.LeaderChanges, Is.EqualTo(run.Scenarios[0].LeaderChanges));
            Assert.That(passed.Probes[0].Samples, Is.EqualTo(run.Scenarios[0].Probes[0].Samples));
            Assert.That(ResilienceScore.Of(read), Is.EqualTo(ResilienceScore.Of(run)).Within(1e-9));
        });
    }

    [Test]
    public void Every_results_json_field_is_documented_in_the_reports_readme()
    {
        RunReportWriter.Write(SampleRun.Create(), _folder);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        var readme = File.ReadAllText(ReportsReadme());
        var schema = readme[readme.IndexOf("## results.json schema", StringComparison.Ordinal)..];

        var undocumented = PropertyNames(json.RootElement).Where(name => !schema.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.That(undocumented, Is.Empty, "fields missing from the results.json schema in reports/README.md");
    }

    [Test]
    public void Junit_xml_has_a_suite_per_feature_and_a_case_per_scenario_with_failures_and_skips()
    {
        RunReportWriter.Write(SampleRun.Create(), _folder);

        var xml = XDocument.Load(Path.Combine(_folder, "junit.xml"));
        var cases = xml.Descendants("testcase").ToList();
        var failure = xml.Descendants("failure").Single();
        Assert.Multiple(() =>
        {
            Assert.That(xml.Root!.Name.LocalName, Is.EqualTo("testsuites"));
            Assert.That(xml.Descendants("testsuite").Select(s => (string?)s.Attribute("name")), Is.EqualTo(new[] { SampleRun.FailoverFeature, SampleRun.WorkloadsFeature }));
            Assert.That(cases, Has.Count.EqualTo(4));
            Assert.That(cases[0].Attribute("classname")!.Value, Is.EqualTo(SampleRun.FailoverFeature));
            Assert.That(cases[0].Attribute("name")!.Value, Is.EqualTo(SampleRun.PassedTitle));
            Assert.That(cases[0].Attribute("time")!.Value, Is.EqualTo("20.500"));
            Assert.That(cases[3].Attribute("name")!.Value, Is.EqualTo(SampleRun.IgnoredTitle));
            Assert.That(xml.Descendants("skipped").Count(), Is.EqualTo(2));
            Assert.That(xml.Descendants("skipped").First().Attribute("message")!.Value, Is.EqualTo(SampleRun.SkipReason));
            Assert.That(failure.Attribute("message")!.Value, Does.StartWith("Expected a new leader of kube-controller-manager"));
            Assert.That(failure.Value, Does.Contain("]]> <done/>"));
            Assert.That(xml.Root.Attribute("failures")!.Value, Is.EqualTo("1"));
            Assert.That(cases[0].Element("system-out")!.Value, Does.Contain("I kill the scheduler leader").And.Contain("leader-change"));
        });
    }

    [Test]
    public void Index_html_shows_every_scenario_the_charts_and_the_score_formula_and_escapes_titles()
    {
        File.WriteAllText(Path.Combine(_folder, "reqnroll_report.html"), "<html></html>");
        RunReportWriter.Write(SampleRun.Create(), _folder);

        var html = File.ReadAllText(Path.Combine(_folder, "index.html"));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(SampleRun.PassedTitle).And.Contain(SampleRun.FailedTitle).And.Contain(SampleRun.SkippedTitle));
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; rolls out &amp; scales"));
            Assert.That(html, Does.Not.Contain("<script"));
            Assert.That(html, Does.Contain("<svg class=\"timeline\"").And.Contain("<svg class=\"probe\""));
            Assert.That(html, Does.Contain(ResilienceScore.Formula));
            Assert.That(html, Does.Contain("href=\"reqnroll_report.html\""));
            Assert.That(html, Does.Not.Contain("href=\"reqnroll_report.ndjson\""));
            Assert.That(html, Does.Contain("leaseDuration 4s + 2 × retryPeriod 0.5s (profile fast)"));
            Assert.That(html, Does.Contain("cannot stop nodes"));
            Assert.That(html, Does.Not.Contain("\u001b"), "control characters cannot stay in the page");
            Assert.That(Regex.Count(html, "<circle class=\"failed\""), Is.EqualTo(2 + 8));
            Assert.That(html, Does.Not.Match("src=\"https?:"));
        });
    }

    [Test]
    public void Index_html_is_well_formed_enough_to_parse_as_xml()
    {
        RunReportWriter.Write(SampleRun.Create(), _folder);
        var html = File.ReadAllText(Path.Combine(_folder, "index.html"));

        // The doctype, void elements and <details open> are the only non-XML parts; with them made XML, a mismatched tag is a parse error.
        var xml = Regex.Replace(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal), "<(meta)([^>]*)>", "<$1$2/>")
            .Replace("<details open>", "<details open=\"open\">", StringComparison.Ordinal);
        Assert.That(() => XDocument.Parse(xml), Throws.Nothing);
    }

    [Test]
    public void Summary_md_has_a_row_per_scenario_the_failure_and_the_score_with_its_formula()
    {
        RunReportWriter.Write(SampleRun.Create(), _folder);

        var md = File.ReadAllText(Path.Combine(_folder, "summary.md"));
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain($"| {SampleRun.PassedTitle} | {SampleRun.FailoverFeature} | passed | 20.50 s | stand-by holds the lease: 3.40 s of 5.00 s, met | 95.65 % | 95.7 |"));
            Assert.That(md, Does.Contain($"| {SampleRun.FailedTitle} | {SampleRun.FailoverFeature} | failed | 30.25 s | new controller-manager leader: 9.40 s of 6.00 s, MISSED |"));
            Assert.That(md, Does.Contain($"| {SampleRun.SkippedTitle} | {SampleRun.WorkloadsFeature} | skipped | 0.05 s | — | — | n/a |"));
            Assert.That(md, Does.Contain("| &lt;script&gt;alert(1)&lt;/script&gt; rolls out & scales | Workloads | ignored |"));
            Assert.That(md, Does.Contain("## Failures").And.Contain("Expected a new leader of kube-controller-manager within 6.00 s"));
            Assert.That(md, Does.Contain("Resilience score: **47.8**"));
            Assert.That(md, Does.Contain(ResilienceScore.Formula));
        });
    }

    [Test]
    public async Task Writing_while_a_probe_still_appends_writes_a_snapshot()
    {
        var run = SampleRun.Create();
        var probe = run.Scenarios[0].Probes[0];
        var straggler = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
                probe.AddSample(new ProbeSample(SampleRun.Start.AddSeconds(30), true, 5, null));
        });

        do
            Assert.That(() => RunReportWriter.Write(run, _folder), Throws.Nothing);
        while (!straggler.IsCompleted);
        await straggler;
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)).Distinct(),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames).Distinct(),
        _ => [],
    };

    private static string ReportsReadme()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "reports", "README.md");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new FileNotFoundException("reports/README.md above " + AppContext.BaseDirectory);
    }
}
