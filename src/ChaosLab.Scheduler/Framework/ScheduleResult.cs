namespace ChaosLab.Scheduler.Framework;

/// <summary>The outcome of one scheduling attempt: the chosen node, or why none fits.</summary>
public sealed record ScheduleResult
{
    public string? NodeName { get; private init; }

    public FitError? FitError { get; private init; }

    /// <summary>How many nodes ran through the filters.</summary>
    public int EvaluatedNodes { get; private init; }

    /// <summary>How many of those passed every filter.</summary>
    public int FeasibleNodes { get; private init; }

    public bool Succeeded => NodeName is not null;

    public static ScheduleResult Scheduled(string nodeName, int evaluatedNodes, int feasibleNodes) =>
        new() { NodeName = nodeName, EvaluatedNodes = evaluatedNodes, FeasibleNodes = feasibleNodes };

    public static ScheduleResult Unschedulable(FitError fitError)
    {
        ArgumentNullException.ThrowIfNull(fitError);
        return new() { FitError = fitError, EvaluatedNodes = fitError.NumAllNodes };
    }
}
