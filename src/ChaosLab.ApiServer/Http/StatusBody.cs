using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Http;

/// <summary>The metav1.Status objects the server answers with.</summary>
public static class StatusBody
{
    public static JsonObject Failure(int code, string reason, string message, StatusDetails? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            var d = new JsonObject();
            if (details.Name is not null) d["name"] = details.Name;
            if (details.Group is not null) d["group"] = details.Group;
            if (details.Kind is not null) d["kind"] = details.Kind;
            if (details.Causes.Count > 0)
            {
                d["causes"] = new JsonArray(details.Causes.Select(Cause).ToArray());
            }
            status["details"] = d;
        }
        status["code"] = code;
        return status;
    }

    /// <summary>A StatusCause; its field is left out when empty (omitempty), as on eviction's DisruptionBudget cause.</summary>
    private static JsonNode Cause(FieldCause cause)
    {
        var node = new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message };
        if (cause.Field.Length > 0)
        {
            node["field"] = cause.Field;
        }
        return node;
    }

    public static JsonObject Success(string? name = null, string? group = null, string? kind = null, string? uid = null)
    {
        var details = new JsonObject();
        if (name is not null) details["name"] = name;
        if (group is not null) details["group"] = group;
        if (kind is not null) details["kind"] = kind;
        if (uid is not null) details["uid"] = uid;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
