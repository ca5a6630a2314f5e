using System.Net;
using k8s.Autorest;

namespace ChaosLab.Client;

/// <summary>
/// Reads the HTTP status behind the two ways KubernetesClient reports API failures:
/// <see cref="HttpOperationException"/> for a failed request and <see cref="k8s.KubernetesException"/>
/// for an in-stream watch <c>ERROR</c> event carrying a <c>Status</c>.
/// </summary>
public static class ApiErrors
{
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
}
