using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Upstream's checks of a Job's status (validateJobStatus and the 1.31 update rules a lab can hit).</summary>
internal static class JobStatusRules
{
    private static readonly string[] Counters = ["active", "succeeded", "failed", "ready", "terminating"];

    public static IEnumerable<FieldCause> Validate(JsonObject? status, JsonObject? oldStatus)
    {
        if (status is null) return [];
        var causes = new List<FieldCause>();
        foreach (var counter in Counters)
        {
            causes.AddRange(Causes.NonNegativeNumber(status, counter, $"status.{counter}"));
        }
        var complete = HasTrueCondition(status, "Complete");
        var failed = HasTrueCondition(status, "Failed");
        if (complete && failed)
        {
            causes.Add(OmitValue("status.conditions", "cannot set Complete=True and Failed=true conditions"));
        }
        if (complete && !status.Has("completionTime"))
        {
            causes.Add(Causes.Required("status.completionTime", "completionTime is required for Complete jobs"));
        }
        if (status.Has("completionTime") && !complete)
        {
            causes.Add(Causes.InvalidRaw("status.completionTime", Causes.Quote(status.S("completionTime")), "completionTime can only be set when Complete=True"));
        }
        if (oldStatus is not null)
        {
            foreach (var terminal in (string[])["Complete", "Failed"])
            {
                if (HasTrueCondition(oldStatus, terminal) && !HasTrueCondition(status, terminal))
                {
                    causes.Add(OmitValue("status.conditions", $"cannot disable the {terminal}=True condition"));
                }
            }
        }
        return causes;
    }

    /// <summary>field.Invalid with field.OmitValueType: the message carries no value.</summary>
    private static FieldCause OmitValue(string field, string why) => new("FieldValueInvalid", $"Invalid value: {why}", field);

    private static bool HasTrueCondition(JsonObject status, string type) =>
        status.Items("conditions").Any(c => c.Item.S("type") == type && c.Item.S("status") == "True");
}
