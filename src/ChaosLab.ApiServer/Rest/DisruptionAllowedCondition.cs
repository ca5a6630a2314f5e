using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Rest;

/// <summary>A PodDisruptionBudget's DisruptionAllowed condition as upstream's UpdateDisruptionAllowedCondition sets it.</summary>
public static class DisruptionAllowedCondition
{
    public static void Set(JsonObject status, bool allowed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var wanted = allowed ? "True" : "False";
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.S("type") == "DisruptionAllowed");
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = "DisruptionAllowed" };
            conditions.Add(existing);
        }
        if (existing.S("status") != wanted)
        {
            existing["lastTransitionTime"] = ObjectMeta.Timestamp(now);
        }
        existing["status"] = wanted;
        existing["reason"] = allowed ? "SufficientPods" : "InsufficientPods";
        existing["message"] = "";
        if (status["observedGeneration"] is { } generation)
        {
            existing["observedGeneration"] = generation.DeepClone();
        }
    }
}
