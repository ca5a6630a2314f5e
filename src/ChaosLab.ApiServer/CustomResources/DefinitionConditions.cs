using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>A CustomResourceDefinition's status.conditions: set one, keeping its lastTransitionTime while its status stays.</summary>
public static class DefinitionConditions
{
    public static void Set(JsonObject status, string type, string value, string reason, string message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var conditions = status.Arr("conditions");
        if (conditions is null)
        {
            conditions = [];
            status["conditions"] = conditions;
        }
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.S("type") == type);
        var since = existing is not null && existing.S("status") == value && existing.Str("lastTransitionTime") is { } kept
            ? kept
            : ObjectMeta.Timestamp(now);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastTransitionTime"] = since,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }
}
