using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get cronjobs: Schedule, Timezone, Suspend, how many Jobs are active and when one last started.</summary>
public sealed class CronJobPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Schedule", "string", "The schedule in Cron format."),
        new("Timezone", "string", "The time zone name for the given schedule."),
        new("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions."),
        new("Active", "integer", "A list of pointers to currently running jobs."),
        new("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
        TableColumn.Age,
        TableColumn.Containers,
        TableColumn.Images,
        TableColumn.Selector,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var job = obj.At("spec", "jobTemplate", "spec");
        var (names, images) = LabelFormat.Containers(job.At("template", "spec"));
        var suspend = obj.At("spec", "suspend") is null ? "<unset>" : obj.Bool("spec", "suspend") ? "True" : "False";
        var lastSchedule = obj.Time("status", "lastScheduleTime") is { } last ? HumanDuration.Since(last, now) : "<none>";
        return new JsonArray(
            obj.Name(), obj.Str("spec", "schedule"), obj.Str("spec", "timeZone").OrNone(), suspend, obj.Objects("status", "active").Count,
            lastSchedule, obj.Age(now), names, images, LabelFormat.SelectorOrNone(job.At("selector")));
    }
}
