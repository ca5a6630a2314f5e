using System.Text.Json;
using ChaosLab.Cli.Mutants;

namespace ChaosLab.Lab.Tests.Cli;

[TestFixture]
[Category("Unit")]
public sealed class KillMatrixTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("killmatrix-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ResultsJsonTurnsIntoOutcomesWithTheFailingStep()
    {
        var path = Path.Combine(_folder, "results.json");
        File.WriteAllText(path, """
            {"schemaVersion":1,"scenarios":[
              {"id":"F.Caught","feature":"Feature one","title":"Caught","verdict":"failed","failure":"step failed: x","skipReason":null,
               "steps":[{"keyword":"Given","text":"a running \"single\" cluster","status":"passed","error":null},
                        {"keyword":"Then","text":"the node \"worker-1\" is not Ready within the node-failure bound","status":"failed","error":"expected worker-1 not Ready within 9 s;\nlast observed: Ready"}]},
              {"id":"F.Passed","feature":"Feature one","title":"Passed","verdict":"passed","failure":null,"skipReason":null,"steps":[]},
              {"id":"F.Skipped","feature":"Feature two","title":"Skipped","verdict":"skipped","failure":null,"skipReason":"needs 5 etcd nodes","steps":[]},
              {"id":"F.AtTheEnd","feature":"Feature two","title":"At the end","verdict":"failed","failure":"cluster left unhealthy","skipReason":null,"steps":[]}
            ]}
            """);

        var outcomes = MutantResults.Read(path);

        Assert.That(outcomes, Is.EqualTo(new[]
        {
            new ScenarioOutcome("F.Caught", "Feature one", "Caught", KillResult.Caught,
                "Then the node \"worker-1\" is not Ready within the node-failure bound", "expected worker-1 not Ready within 9 s; last observed: Ready"),
            new ScenarioOutcome("F.Passed", "Feature one", "Passed", KillResult.NotCaught, null, null),
            new ScenarioOutcome("F.Skipped", "Feature two", "Skipped", KillResult.Skipped, null, "needs 5 etcd nodes"),
            new ScenarioOutcome("F.AtTheEnd", "Feature two", "At the end", KillResult.Caught,
                "(after the steps: the scenario's end found a problem)", "cluster left unhealthy"),
        }));
    }

    [Test]
    public void TheMatrixCountsAMutantCaughtWhenAnyScenarioFailed()
    {
        var matrix = Sample();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(matrix.CaughtCount, Is.EqualTo(1));
            Assert.That(matrix.AllCaught, Is.False);
            Assert.That(matrix.Scenarios.Select(s => s.Id), Is.EqualTo(new[] { "A.One", "A.Two" }));
            Assert.That(KillMatrix.Cell(matrix.Runs[1], "A.Two"), Is.Null);
            Assert.That(matrix.Runs[0].FirstCatch?.Id, Is.EqualTo("A.Two"));
        }
    }

    [Test]
    public void TheWriterPutsMarkdownJsonHtmlAndSummaryLinesInTheFolder()
    {
        File.WriteAllText(Path.Combine(_folder, "summary.md"), "# earlier\n");

        var files = KillMatrixWriter.Write(Sample(), _folder);

        Assert.That(files.Select(Path.GetFileName), Is.EquivalentTo(new[] { "mutants.md", "mutants.json", "mutants.html", "summary.md" }));
        var markdown = File.ReadAllText(Path.Combine(_folder, "mutants.md"));
        Assert.That(markdown, Does.Contain("**1 of 2 mutants caught.**"));
        Assert.That(markdown, Does.Contain("| `endpoints-lag` | kube-controller-manager | caught | Two | Then the endpoints \\| omit | 40 s |"));
        Assert.That(markdown, Does.Contain("| `proxy-keeps-unready` | kube-proxy | **not caught** |"));
        Assert.That(markdown, Does.Contain("| A: One | not caught | skipped |"));
        Assert.That(markdown, Does.Contain("| A: Two | caught | not run |"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "mutants.json")));
        var first = json.RootElement.GetProperty("mutants")[0];
        Assert.That(first.GetProperty("name").GetString(), Is.EqualTo("endpoints-lag"));
        Assert.That(first.GetProperty("caught").GetBoolean(), Is.True);
        Assert.That(first.GetProperty("caughtBy").GetString(), Is.EqualTo("A.Two"));
        Assert.That(first.GetProperty("scenarios")[1].GetProperty("result").GetString(), Is.EqualTo("caught"));
        Assert.That(json.RootElement.GetProperty("caught").GetInt32(), Is.EqualTo(1));

        var html = File.ReadAllText(Path.Combine(_folder, "mutants.html"));
        Assert.That(html, Does.Contain("<td class=\"caught\""));
        Assert.That(html, Does.Contain("&lt;b&gt;"), "text is HTML-encoded");

        var summary = File.ReadAllText(Path.Combine(_folder, "summary.md"));
        Assert.That(summary, Does.StartWith("# earlier\n"));
        Assert.That(summary, Does.Contain("- `endpoints-lag` (kube-controller-manager): caught by \"Two\" at `Then the endpoints | omit` (40 s)"));
        Assert.That(summary, Does.Contain("- `proxy-keeps-unready` (kube-proxy): **not caught** (50 s)"));
    }

    [Test]
    public void ARunWithoutResultsIsNotCaughtAndSaysWhy()
    {
        var run = new MutantRun("etcd-slow-election", "etcd", "/r/etcd-slow-election", TimeSpan.FromSeconds(3), [], "the run wrote no results.json");
        var summary = KillMatrixWriter.SummaryLines(new KillMatrix([run], DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(3)));

        Assert.That(summary, Does.Contain("- `etcd-slow-election` (etcd): **not caught** (the run wrote no results.json) (3 s)"));
    }

    private static KillMatrix Sample() => new(
        [
            new MutantRun("endpoints-lag", "kube-controller-manager", "/r/endpoints-lag", TimeSpan.FromSeconds(40),
            [
                new ScenarioOutcome("A.One", "A", "One", KillResult.NotCaught, null, null),
                new ScenarioOutcome("A.Two", "A", "Two", KillResult.Caught, "Then the endpoints | omit", "expected <b> within 5 s"),
            ]),
            new MutantRun("proxy-keeps-unready", "kube-proxy", "/r/proxy-keeps-unready", TimeSpan.FromSeconds(50),
            [
                new ScenarioOutcome("A.One", "A", "One", KillResult.Skipped, null, "no lab"),
            ]),
        ],
        new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(90));
}
