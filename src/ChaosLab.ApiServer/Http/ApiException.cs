using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// An error answered as a Kubernetes Status: code, reason and message exactly as clients switch on them
/// (404 NotFound, 409 AlreadyExists/Conflict, 422 Invalid with causes, 410 Expired, ...).
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, StatusDetails? details = null) : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiException()
    {
        Reason = "InternalError";
    }

    public ApiException(string message) : base(message)
    {
        Reason = "InternalError";
    }

    public ApiException(string message, Exception innerException) : base(message, innerException)
    {
        Reason = "InternalError";
    }

    public int Code { get; } = 500;

    public string Reason { get; }

    public StatusDetails? Details { get; }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException NotFound(string qualifiedResource, string name) =>
        new(404, "NotFound", $"{qualifiedResource} \"{name}\" not found", DetailsOf(qualifiedResource, name));

    public static ApiException AlreadyExists(string qualifiedResource, string name) =>
        new(409, "AlreadyExists", $"{qualifiedResource} \"{name}\" already exists", DetailsOf(qualifiedResource, name));

    public static ApiException Conflict(string qualifiedResource, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            DetailsOf(qualifiedResource, name));

    /// <summary>
    /// Upstream's details for an error about "resource.group" (a GroupResource's string form): the group and the
    /// plural apart, so that "deployments.apps" gives group "apps" and kind "deployments"; no group for the core one.
    /// </summary>
    internal static StatusDetails DetailsOf(string qualifiedResource, string name)
    {
        ArgumentNullException.ThrowIfNull(qualifiedResource);
        var dot = qualifiedResource.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? new StatusDetails(name, null, qualifiedResource)
            : new StatusDetails(name, qualifiedResource[(dot + 1)..], qualifiedResource[..dot]);
    }

    /// <summary>422 with one cause per invalid field, message as upstream: Kind.group "name" is invalid: field: reason.</summary>
    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldCause> causes)
    {
        ArgumentNullException.ThrowIfNull(causes);
        var summary = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {(causes.Count > 1 ? "[" + summary + "]" : summary)}",
            new StatusDetails(name, group, kind) { Causes = causes });
    }

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary>An authorizer's 403, worded as upstream's; <paramref name="reason"/> is why, when the authorizer says.</summary>
    public static ApiException Forbidden(string user, string verb, ResourceType type, string? subresource, string? ns, string? name, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        var scope = ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"";
        return new(403, "Forbidden",
            $"{type.QualifiedName}{(name is null ? "" : $" \"{name}\"")} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{type.Group}\"{scope}{(reason is null ? "" : ": " + reason)}",
            new StatusDetails(name, type.Group.Length == 0 ? null : type.Group, type.Plural));
    }

    public static ApiException Timeout(string message) => new(504, "Timeout", message);

    public static ApiException Unavailable(string message) => new(503, "ServiceUnavailable", message);

    public static ApiException RequestEntityTooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json (got {contentType})");

    public JsonObject ToStatus() => StatusBody.Failure(Code, Reason, Message, Details);
}

/// <summary>Status.details: which object the error is about, and field causes for 422.</summary>
public sealed record StatusDetails(string? Name, string? Group, string? Kind)
{
    public IReadOnlyList<FieldCause> Causes { get; init; } = [];
}

/// <summary>One invalid field: reason is FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueDuplicate or FieldValueForbidden.</summary>
public sealed record FieldCause(string Reason, string Message, string Field)
{
    public static FieldCause Required(string field, string message = "Required value") => new("FieldValueRequired", message, field);

    public static FieldCause Invalid(string field, string value, string why) => new("FieldValueInvalid", $"Invalid value: \"{value}\": {why}", field);

    public static FieldCause NotSupported(string field, string value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", field);

    public static FieldCause Forbidden(string field, string message) => new("FieldValueForbidden", $"Forbidden: {message}", field);

    public static FieldCause Duplicate(string field, string value) => new("FieldValueDuplicate", $"Duplicate value: \"{value}\"", field);
}
