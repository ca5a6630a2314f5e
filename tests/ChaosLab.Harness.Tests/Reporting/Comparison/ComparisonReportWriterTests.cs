using ChaosLab.Harness.Reporting;
using ChaosLab.Harness.Reporting.Comparison;
using Snapshooter.NUnit;

namespace ChaosLab.Harness.Tests.Reporting.Comparison;

[Category("Unit")]
public sealed class ComparisonReportWriterTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("chaoslab-compare-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    private (string Folder, IReadOnlyList<string> Files) WriteComparison()
    {
        RunReportWriter.Write(ComparisonRuns.Fast(), Path.Combine(_root, "20261207-230000-fast"));
        RunReportWriter.Write(ComparisonRuns.Kubernetes(), Path.Combine(_root, "20261207-231500-kubernetes"));
        return ComparisonReportWriter.Write(["20261207-230000-fast", "20261207-231500-kubernetes"], _root, new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero));
    }

    [Test]
    public void Writes_html_and_markdown_into_a_compare_folder_under_the_reports_folder()
    {
        var (folder, files) = WriteComparison();

        Assert.That(folder, Is.EqualTo(Path.Combine(_root, "20261207-233000-compare")));
        Assert.That(files.Select(Path.GetFileName), Is.EqualTo(new[] { "compare.html", "compare.md" }));
        Assert.That(files, Has.All.Matches<string>(File.Exists));
    }

    [Test]
    public void The_markdown_page_matches_its_snapshot()
    {
        var (_, files) = WriteComparison();

        // Line by line, so that the stored snapshot reads as the page does.
        File.ReadAllLines(files[1]).MatchSnapshot();
    }

    [Test]
    public void The_html_page_is_self_contained_flags_differences_and_links_each_run()
    {
        var (_, files) = WriteComparison();
        var html = File.ReadAllText(files[0]);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("http://").And.Not.Contain("https://"));
            Assert.That(html, Does.Contain("<a href=\"../20261207-230000-fast/index.html\">20261207-230000-fast</a>"));
            Assert.That(html, Does.Contain("<tr class=\"differs\"><td>" + ComparisonRuns.PauseTitle));
            Assert.That(html, Does.Contain("42 s apart"));
            Assert.That(html, Does.Contain(ComparisonRuns.SkipReason));
        });
    }

    [Test]
    public void A_missing_run_stops_before_anything_is_written()
    {
        var ex = Assert.Throws<ComparisonInputException>(() =>
            ComparisonReportWriter.Write([Path.Combine(_root, "a"), Path.Combine(_root, "b")], _root, DateTimeOffset.UtcNow));

        Assert.That(ex!.Message, Does.Contain(Path.Combine(_root, "a")));
        Assert.That(Directory.GetDirectories(_root), Is.Empty);
    }
}
