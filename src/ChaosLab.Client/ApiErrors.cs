using System.Net;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.Client;

/// <summary>
/// Reads the HTTP status behind the two ways KubernetesClient reports API failures:
/// <see cref="HttpOperationException"/> for a failed request and <see cref="k8s.KubernetesException"/>
/// for an in-stream watch <c>ERROR</c> event carrying a <c>Status</c>.
/// </summary>
public static class ApiErrors
{
    private const string NamespaceTerminatingCause = "NamespaceTerminating";

    public static HttpStatusCode? StatusCodeOf(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        k8s.KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    /// <summary>410: the resourceVersion (or continue token) is older than the server still remembers.</summary>
    public static bool IsGone(Exception exception) => StatusCodeOf(exception) == HttpStatusCode.Gone;

    /// <summary>409: AlreadyExists on create or Conflict on an update with a stale resourceVersion.</summary>
    public static bool IsConflict(Exception exception) => StatusCodeOf(exception) == HttpStatusCode.Conflict;

    public static bool IsNotFound(Exception exception) => StatusCodeOf(exception) == HttpStatusCode.NotFound;

    /// <summary>
    /// 403 because the namespace is being deleted (upstream's NamespaceTerminating status cause): nothing new
    /// may be created in it, so retrying is pointless. The message is checked too, for servers that omit the cause.
    /// </summary>
    public static bool IsNamespaceTerminating(Exception exception)
    {
        if (StatusCodeOf(exception) != HttpStatusCode.Forbidden || StatusOf(exception) is not { } status)
        {
            return false;
        }
        return status.Details?.Causes?.Any(c => c.Reason == NamespaceTerminatingCause) == true
            || status.Message?.Contains("because it is being terminated", StringComparison.Ordinal) == true;
    }

    private static V1Status? StatusOf(Exception exception)
    {
        switch (exception)
        {
            case k8s.KubernetesException { Status: { } status }:
                return status;
            case HttpOperationException { Response.Content: { Length: > 0 } body }:
                try
                {
                    return k8s.KubernetesJson.Deserialize<V1Status>(body);
                }
                catch (System.Text.Json.JsonException)
                {
                    return null;
                }
            default:
                return null;
        }
    }
}
