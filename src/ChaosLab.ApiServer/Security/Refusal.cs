using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Security.Rbac;

namespace ChaosLab.ApiServer.Security;

/// <summary>The 403 for a request the authorizers did not allow, in upstream's words (resource requests and paths alike).</summary>
public static class Refusal
{
    public static ApiException For(AccessRequest request, string reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        var why = string.IsNullOrEmpty(reason) ? "" : ": " + reason;
        if (!request.IsResourceRequest)
        {
            return new ApiException(403, "Forbidden", $"forbidden: User \"{request.User.Name}\" cannot {request.Verb} path \"{request.Path}\"{why}", new StatusDetails(null, null, null));
        }
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var scope = request.Namespace is null ? " at the cluster scope" : $" in the namespace \"{request.Namespace}\"";
        return new ApiException(403, "Forbidden",
            $"{qualified}{(request.Name is null ? "" : $" \"{request.Name}\"")} is forbidden: User \"{request.User.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\"{scope}{why}",
            new StatusDetails(request.Name, request.ApiGroup.Length == 0 ? null : request.ApiGroup, request.Resource));
    }
}
