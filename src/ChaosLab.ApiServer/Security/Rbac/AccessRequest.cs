using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// What an authorizer decides on, as upstream's authorizer.Attributes: a user doing a verb either on a resource
/// (group, resource, subresource, namespace, name) or on a non-resource path such as /healthz.
/// </summary>
public sealed record AccessRequest(RequestUser User, string Verb, string ApiGroup, string Resource, string? Subresource, string? Namespace, string? Name, string? Path)
{
    public bool IsResourceRequest => Path is null;

    public static AccessRequest ForResource(RequestUser user, string verb, string group, string resource, string? subresource, string? ns, string? name) =>
        new(user, verb, group, resource, string.IsNullOrEmpty(subresource) ? null : subresource, string.IsNullOrEmpty(ns) ? null : ns, string.IsNullOrEmpty(name) ? null : name, null);

    public static AccessRequest ForPath(RequestUser user, string verb, string path) => new(user, verb, "", "", null, null, null, path);
}
