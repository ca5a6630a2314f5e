using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Security.Rbac;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// Upstream's RBAC escalation prevention (the policy-based storage of roles and bindings): writing a Role or
/// ClusterRole with rules the writer does not hold is refused unless the writer may `escalate` on it; writing a
/// binding needs `bind` on its role, or holding every rule of the role. system:masters may always. An aggregationRule
/// needs cluster-admin's authority.
/// </summary>
public sealed class RbacEscalationCheck(Authorizer authorizer) : IAdmissionPlugin
{
    private static readonly IReadOnlyList<PolicyRule> FullAuthority = [PolicyRule.Resource(["*"], ["*"], "*"), PolicyRule.Urls(["*"], "*")];

    public async Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var type = attributes.Type;
        if (type.Group != "rbac.authorization.k8s.io" || attributes.Operation is not (AdmissionOperation.Create or AdmissionOperation.Update)
            || attributes.Object is not { } obj || attributes.User.Groups.Contains(BootstrapPolicy.Masters))
        {
            return;
        }
        var ns = type.Namespaced ? attributes.Namespace : null;
        var name = attributes.Name ?? "";
        switch (type.Kind)
        {
            case "Role" or "ClusterRole":
                if (await AllowedAsync(attributes, "escalate", type.Plural, name, ns, ct))
                {
                    return;
                }
                var held = authorizer.Rbac.RulesFor(attributes.User, ns);
                if (obj["aggregationRule"] is JsonObject && RuleCoverage.Uncovered(held, FullAuthority).Count > 0)
                {
                    throw Forbidden(type, name, "must have cluster-admin privileges to use the aggregationRule");
                }
                ConfirmNoEscalation(attributes, held, PolicyRule.ListFrom(obj));
                break;
            case "RoleBinding" or "ClusterRoleBinding":
                var roleRef = obj.Obj("roleRef");
                var roleKind = roleRef.S("kind");
                var roleName = roleRef.S("name");
                var roleResource = roleKind == "Role" ? "roles" : "clusterroles";
                if (await AllowedAsync(attributes, "bind", roleResource, roleName, ns, ct))
                {
                    return;
                }
                var policy = authorizer.Rbac;
                var roleRules = roleKind == "ClusterRole" ? policy.ClusterRoleRules(roleName) : policy.RoleRules(ns, roleName);
                if (roleRules is null)
                {
                    throw ApiException.NotFound($"{roleResource}.rbac.authorization.k8s.io", roleName);
                }
                ConfirmNoEscalation(attributes, policy.RulesFor(attributes.User, ns), roleRules);
                break;
        }
    }

    private async Task<bool> AllowedAsync(AdmissionAttributes attributes, string verb, string resource, string name, string? ns, CancellationToken ct) =>
        (await authorizer.AuthorizeAsync(AccessRequest.ForResource(attributes.User, verb, "rbac.authorization.k8s.io", resource, null, ns, name), null, ct)).Allowed;

    private static void ConfirmNoEscalation(AdmissionAttributes attributes, IReadOnlyList<PolicyRule> held, IReadOnlyList<PolicyRule> requested)
    {
        var missing = RuleCoverage.Uncovered(held, requested);
        if (missing.Count == 0)
        {
            return;
        }
        var user = attributes.User;
        var groups = "[" + string.Join(" ", user.Groups.Select(g => Causes.Quote(g))) + "]";
        throw Forbidden(attributes.Type, attributes.Name ?? "",
            $"user {Causes.Quote(user.Name)} (groups={groups}) is attempting to grant RBAC permissions not currently held:\n{string.Join("\n", missing)}");
    }

    private static ApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{type.QualifiedName} \"{name}\" is forbidden: {why}", new StatusDetails(name, type.Group, type.Plural));
}
