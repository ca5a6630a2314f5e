using System.Text.Json;

namespace ChaosLab.Cli.Mutants;

/// <summary>Reads a run's results.json (schema in reports/README.md) as outcomes for the kill matrix.</summary>
public static class MutantResults
{
    private const int MaxDetail = 400;

    public static IReadOnlyList<ScenarioOutcome> Read(string resultsJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(resultsJson));
        var outcomes = new List<ScenarioOutcome>();
        foreach (var scenario in document.RootElement.GetProperty("scenarios").EnumerateArray())
        {
            var verdict = Text(scenario, "verdict");
            var result = verdict switch
            {
                "failed" => KillResult.Caught,
                "passed" => KillResult.NotCaught,
                _ => KillResult.Skipped,
            };
            string? step = null;
            var detail = result switch
            {
                KillResult.Caught => Text(scenario, "failure"),
                KillResult.Skipped => Text(scenario, "skipReason"),
                _ => null,
            };
            if (result == KillResult.Caught && scenario.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
            {
                var failed = steps.EnumerateArray().FirstOrDefault(s => Text(s, "status") == "failed");
                if (failed.ValueKind == JsonValueKind.Object)
                {
                    step = $"{Text(failed, "keyword")} {Text(failed, "text")}".Trim();
                    detail = Text(failed, "error") ?? detail;
                }
            }
            outcomes.Add(new ScenarioOutcome(Text(scenario, "id") ?? "", Text(scenario, "feature") ?? "", Text(scenario, "title") ?? "",
                result, step ?? (result == KillResult.Caught ? "(after the steps: the scenario's end found a problem)" : null), Shorten(detail)));
        }
        return outcomes;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Shorten(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxDetail ? line : line[..MaxDetail] + "…";
    }
}
