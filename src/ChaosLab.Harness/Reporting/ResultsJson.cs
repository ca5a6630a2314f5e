using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// results.json: the run record as data, with the computed summary and scores beside it. The schema is documented in
/// reports/README.md; a change that is not purely additive bumps <see cref="SchemaVersion"/>.
/// </summary>
public static class ResultsJson
{
    public const int SchemaVersion = 1;

    public const string FileName = "results.json";

    /// <summary>The options results.json is written and read with: camelCase, enums as camelCase strings, durations in seconds, times in UTC.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Explicit, so that the report is written even by a host that turns reflection-based serialization off by default.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        // The file is data, never embedded in a page: keep "×" and "≤" readable instead of \u00D7.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase),
            new SecondsJsonConverter(),
            new UtcTimeJsonConverter(),
        },
    };

    /// <summary>Reads the run record back; the computed fields (summary, scores, availabilities) are recomputed from it, not read.</summary>
    public static RunRecord Read(string path) =>
        JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} holds no run record.");

    internal static string Render(RunRecord run)
    {
        var document = JsonSerializer.SerializeToNode(run, Options)!.AsObject();
        document.Insert(0, "schemaVersion", SchemaVersion);
        document.Insert(document.IndexOf("scenarios"), "summary", Summary(run));

        var scenarios = document["scenarios"]!.AsArray();
        for (var i = 0; i < run.Scenarios.Count; i++)
            AddComputedFields(run.Scenarios[i], scenarios[i]!.AsObject());

        return document.ToJsonString(Options) + "\n";
    }

    private static JsonObject Summary(RunRecord run)
    {
        var summary = RunSummary.Of(run);
        return new JsonObject
        {
            ["total"] = summary.Total,
            ["passed"] = summary.Passed,
            ["failed"] = summary.Failed,
            ["skipped"] = summary.Skipped,
            ["ignored"] = summary.Ignored,
            ["durationSeconds"] = Math.Round(summary.Duration.TotalSeconds, 3),
            ["score"] = Rounded(summary.Score),
            ["scoredScenarios"] = summary.ScoredScenarios,
            ["scoreFormula"] = ResilienceScore.Formula,
        };
    }

    private static void AddComputedFields(ScenarioRecord scenario, JsonObject node)
    {
        node["score"] = Rounded(ResilienceScore.Of(scenario));
        node["availabilityDuringFaults"] = ResilienceScore.AvailabilityDuringFaults(scenario);

        var windows = scenario.FaultIntervals();
        var probes = node["probes"]!.AsArray();
        for (var i = 0; i < scenario.Probes.Count; i++)
            probes[i]!.AsObject()["availabilityDuringFaults"] = scenario.Probes[i].AvailabilityDuring(windows);
    }

    private static double? Rounded(double? score) => score is { } s ? Math.Round(s, 2) : null;
}
