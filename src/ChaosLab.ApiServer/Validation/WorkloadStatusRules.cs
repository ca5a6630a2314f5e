using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Status counters of the workload controllers: upstream rejects negative ones.</summary>
internal static class WorkloadStatusRules
{
    public static IEnumerable<FieldCause> NonNegative(JsonObject? status, params string[] fields) =>
        status is null ? [] : fields.SelectMany(f => Causes.NonNegativeNumber(status, f, $"status.{f}"));
}
