using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// batch/v1 CronJobs: upstream defaults (Allow, not suspended, history 3/1), the schedule and time zone checked
/// as upstream parses them, names short enough for the Jobs' generated names, and the job template's spec.
/// </summary>
public sealed class CronJobStrategy(ResourceType type) : GenericStrategy(type)
{
    /// <summary>DNS-1035 label length (63) less the 11 characters of "-" and the scheduled time in minutes.</summary>
    private const int MaxNameLength = 52;

    private static readonly string[] ConcurrencyPolicies = ["Allow", "Forbid", "Replace"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Ensure("metadata").SetDefault("generation", 1);
        var spec = obj.Ensure("spec");
        spec.SetDefault("concurrencyPolicy", "Allow");
        spec.SetDefault("suspend", JsonValue.Create(false));
        spec.SetDefault("successfulJobsHistoryLimit", 3);
        spec.SetDefault("failedJobsHistoryLimit", 1);
        PodSpecDefaults.Apply(spec.Ensure("jobTemplate").Ensure("spec").Ensure("template").Ensure("spec"));
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var name = obj.Obj("metadata").S("name");
        if (old is null && name.Length > MaxNameLength)
        {
            causes.Add(Causes.Invalid("metadata.name", name, $"must be no more than {MaxNameLength} characters"));
        }
        var spec = obj.Obj("spec");
        var schedule = spec.S("schedule");
        if (schedule.Length == 0)
        {
            causes.Add(Causes.Required("spec.schedule"));
        }
        else
        {
            if (CronScheduleRules.Error(schedule) is { } error) causes.Add(Causes.Invalid("spec.schedule", schedule, error));
            if (schedule.Contains("TZ", StringComparison.Ordinal) && (old is null || old.Obj("spec").S("schedule") != schedule))
            {
                causes.Add(Causes.Invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        causes.AddRange(TimeZone(spec));
        causes.AddRange(PodSpecValidator.Enumerated(spec.Str("concurrencyPolicy"), "spec.concurrencyPolicy", ConcurrencyPolicies));
        foreach (var field in (string[])["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
        {
            causes.AddRange(Causes.NonNegativeNumber(spec, field, $"spec.{field}"));
        }
        var jobTemplate = spec.Obj("jobTemplate");
        causes.AddRange(ObjectMetaValidator.ValidateLabels(jobTemplate.Obj("metadata").Map("labels"), "spec.jobTemplate.metadata.labels"));
        causes.AddRange(ObjectMetaValidator.ValidateAnnotations(jobTemplate.Obj("metadata").Map("annotations"), "spec.jobTemplate.metadata.annotations"));
        causes.AddRange(JobSpecRules.Validate(jobTemplate.Obj("spec"), "spec.jobTemplate.spec", selectorRequired: false));
        return causes;
    }

    /// <summary>Upstream validateTimeZone: absent, or a name the IANA database knows (not "Local").</summary>
    private static IEnumerable<FieldCause> TimeZone(JsonObject? spec)
    {
        if (spec.Str("timeZone") is not { } zone) return [];
        if (zone.Length == 0) return [Causes.Invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string")];
        if (string.Equals(zone, "Local", StringComparison.OrdinalIgnoreCase))
        {
            return [Causes.Invalid("spec.timeZone", zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")];
        }
        var known = zone == "UTC" || TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
        return known ? [] : [Causes.Invalid("spec.timeZone", zone, $"unknown time zone {zone}")];
    }
}
