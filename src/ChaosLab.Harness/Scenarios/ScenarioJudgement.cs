using ChaosLab.Harness.Reporting;
using NUnit.Framework;

namespace ChaosLab.Harness.Scenarios;

/// <summary>
/// A scenario's verdict from what its steps threw and what the harness found when it ended it
/// (a heal or sweep that failed, a leftover fault, a cluster left unhealthy). Any such problem fails
/// the scenario, in the report and in its test, whatever its steps did.
/// </summary>
public sealed record ScenarioJudgement(Verdict Verdict, string? Failure, string? SkipReason)
{
    public static ScenarioJudgement Of(Exception? stepError, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var harness = problems.Count == 0 ? null : "the harness found problems when ending the scenario: " + string.Join("; ", problems);
        return (stepError, harness) switch
        {
            (null, null) => new ScenarioJudgement(Verdict.Passed, null, null),
            (IgnoreException ignore, null) => new ScenarioJudgement(Verdict.Skipped, null, ignore.Message),
            (null or IgnoreException, { } found) => new ScenarioJudgement(Verdict.Failed, found, null),
            ({ } error, null) => new ScenarioJudgement(Verdict.Failed, error.Message, null),
            ({ } error, { } found) => new ScenarioJudgement(Verdict.Failed, $"{error.Message}{Environment.NewLine}{found}", null),
        };
    }

    /// <summary>The exception that fails the scenario's test for the harness's problems; null when its steps decided the outcome already.</summary>
    public Exception? TestFailure(Exception? stepError) =>
        Verdict == Verdict.Failed && stepError is null or IgnoreException ? new ScenarioProblemsException(Failure!) : null;
}

/// <summary>The steps passed (or skipped) but ending the scenario found a problem: the test fails with it.</summary>
public sealed class ScenarioProblemsException(string message) : Exception(message);
