using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Security.Rbac;

namespace ChaosLab.ApiServer.Tests.Security.Rbac;

/// <summary>The authorizer chain over the bootstrap policy plus any extra roles and bindings, with no pods bound to any node.</summary>
internal static class BootstrapAuthorizer
{
    public static Authorizer Create(params JsonObject[] extra)
    {
        var policy = Policy(extra);
        return new Authorizer(new NodeAuthorizer((_, _, _) => Task.FromResult<IReadOnlyList<JsonObject>>([])), new RbacAuthorizer(() => policy), _ => Task.CompletedTask);
    }

    public static RbacPolicy Policy(params JsonObject[] extra)
    {
        var all = BootstrapPolicy.ClusterRoles().Concat(BootstrapPolicy.ClusterRoleBindings()).Concat(extra).ToList();
        return new RbacPolicy(OfKind(all, "Role"), OfKind(all, "ClusterRole"), OfKind(all, "RoleBinding"), OfKind(all, "ClusterRoleBinding"));
    }

    public static async Task<bool> Allowed(this Authorizer authorizer, RequestUser user, string verb, string group, string resource, string? subresource = null, string? ns = null, string? name = null) =>
        (await authorizer.AuthorizeAsync(AccessRequest.ForResource(user, verb, group, resource, subresource, ns, name), null, CancellationToken.None)).Allowed;

    public static async Task<bool> AllowedPath(this Authorizer authorizer, RequestUser user, string verb, string path) =>
        (await authorizer.AuthorizeAsync(AccessRequest.ForPath(user, verb, path), null, CancellationToken.None)).Allowed;

    private static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> objects, string kind) => objects.Where(o => (string?)o["kind"] == kind);
}
