using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get jobs: Status from the conditions, Completions "succeeded/wanted", Duration from start to completion.</summary>
public sealed class JobPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Status", "string", "Status of the job."),
        new("Completions", "string", "The completion status of the job, as succeeded pods out of those wanted."),
        new("Duration", "string", "Time required to complete the job."),
        TableColumn.Age,
        TableColumn.Containers,
        TableColumn.Images,
        TableColumn.Selector,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = LabelFormat.Containers(obj.At("spec", "template", "spec"));
        return new JsonArray(
            obj.Name(), Status(obj), Completions(obj), Duration(obj, now), obj.Age(now), names, images,
            LabelFormat.SelectorOrNone(obj.At("spec", "selector")));
    }

    /// <summary>The first that holds, in upstream's order: Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet, Running.</summary>
    internal static string Status(JsonObject job)
    {
        var conditions = job.Objects("status", "conditions").Where(c => c.Str("status") == "True").Select(c => c.Str("type")).ToHashSet();
        return conditions.Contains("Complete") ? "Complete"
            : conditions.Contains("Failed") ? "Failed"
            : job.Has("metadata", "deletionTimestamp") ? "Terminating"
            : conditions.Contains("Suspended") ? "Suspended"
            : conditions.Contains("FailureTarget") ? "FailureTarget"
            : conditions.Contains("SuccessCriteriaMet") ? "SuccessCriteriaMet"
            : "Running";
    }

    private static string Completions(JsonObject job)
    {
        var succeeded = job.Long("status", "succeeded");
        if (job.LongOrNull("spec", "completions") is { } completions)
        {
            return $"{succeeded}/{completions}";
        }

        var parallelism = job.Long("spec", "parallelism");
        return parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
    }

    private static string Duration(JsonObject job, DateTimeOffset now)
    {
        if (job.Time("status", "startTime") is not { } start)
        {
            return "";
        }

        return HumanDuration.Format((job.Time("status", "completionTime") ?? now) - start);
    }
}
