using System.Globalization;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// One number for how well the system held up under the run's faults, deliberately simple enough to recompute by hand
/// from results.json. <see cref="Formula"/> is the text every report prints next to it.
/// </summary>
public static class ResilienceScore
{
    public const string Formula =
        "Run score = mean of the scenario scores (0–100; n/a when no scenario is scored). " +
        "Scenario score = 100 × (bound checks met ÷ bound checks, or 1 with no bound checks) × " +
        "(mean over its probes of the availability during faults, or 1 when no probe sampled during a fault). " +
        "Availability during faults = successful ÷ total probe samples taken while a fault was in place, " +
        "from injection to verified heal (else heal, else the end of the scenario). " +
        "Scored: passed scenarios that injected at least one fault, and every failed scenario, which scores 0. " +
        "Not scored: skipped and ignored scenarios, and passed scenarios without faults.";

    public static bool IsScored(ScenarioRecord scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Verdict == Verdict.Failed || (scenario.Verdict == Verdict.Passed && scenario.Faults.Count > 0);
    }

    /// <summary>The scenario's score, or null when it is not scored.</summary>
    public static double? Of(ScenarioRecord scenario)
    {
        if (!IsScored(scenario))
            return null;
        if (scenario.Verdict == Verdict.Failed)
            return 0;
        return 100 * BoundsFactor(scenario) * (AvailabilityDuringFaults(scenario) ?? 1.0);
    }

    /// <summary>The mean of the scored scenarios' scores, or null when none is scored.</summary>
    public static double? Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scores = run.Scenarios.Select(Of).OfType<double>().ToList();
        return scores.Count == 0 ? null : scores.Average();
    }

    /// <summary>The mean over probes of their availability while a fault was in place; null without faults or without samples in them.</summary>
    public static double? AvailabilityDuringFaults(ScenarioRecord scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var windows = scenario.FaultIntervals();
        if (windows.Count == 0)
            return null;
        var availabilities = scenario.Probes.Select(p => p.AvailabilityDuring(windows)).OfType<double>().ToList();
        return availabilities.Count == 0 ? null : availabilities.Average();
    }

    /// <summary>The formula filled in with this scenario's numbers, for example "100 × 2/2 bounds met × 0.987 availability during faults = 98.7".</summary>
    internal static string Explain(ScenarioRecord scenario)
    {
        if (scenario.Verdict is Verdict.Skipped or Verdict.Ignored)
            return $"not scored: {scenario.Verdict.ToString().ToLowerInvariant()}";
        if (scenario.Verdict == Verdict.Failed)
            return "0: the scenario failed";
        if (scenario.Faults.Count == 0)
            return "not scored: no fault injected";

        var met = scenario.Bounds.Count(b => b.Met);
        var bounds = scenario.Bounds.Count == 0 ? "1 (no bound checks)" : $"{met}/{scenario.Bounds.Count} bounds met";
        var availability = AvailabilityDuringFaults(scenario) is { } a
            ? string.Create(CultureInfo.InvariantCulture, $"{a:0.####} availability during faults")
            : "1 (no probe samples during faults)";
        return $"100 × {bounds} × {availability} = {ReportText.Score(Of(scenario))}";
    }

    private static double BoundsFactor(ScenarioRecord scenario) =>
        scenario.Bounds.Count == 0 ? 1.0 : (double)scenario.Bounds.Count(b => b.Met) / scenario.Bounds.Count;
}
