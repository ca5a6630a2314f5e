namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// Upstream's RBAC authorizer: a request is allowed when a rule of a role bound to the user (by name, group, or as a
/// ServiceAccount) allows it; ClusterRoleBindings grant everywhere, RoleBindings in their namespace. Nothing denies:
/// without a matching rule the answer is "no opinion", which the chain turns into 403.
/// </summary>
public sealed class RbacAuthorizer(Func<RbacPolicy> policy)
{
    public AuthorizationResult Authorize(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = policy();
        foreach (var grant in current.GrantsFor(request.User, request.Namespace))
        {
            if (RuleMatcher.AnyAllows(current.Rules(grant), request))
            {
                var binding = grant.Namespace is null ? $"\"{grant.BindingName}\"" : $"\"{grant.BindingName}/{grant.Namespace}\"";
                return AuthorizationResult.Allow($"RBAC: allowed by {grant.BindingKind} {binding} of {grant.RoleKind} \"{grant.RoleName}\" to {grant.SubjectText}");
            }
        }
        return AuthorizationResult.NoOpinion();
    }

    /// <summary>A ClusterRole's rules; null when there is no such role.</summary>
    public IReadOnlyList<PolicyRule>? ClusterRoleRules(string name) => policy().ClusterRole(name);

    /// <summary>A Role's rules; null when <paramref name="ns"/> has no such role.</summary>
    public IReadOnlyList<PolicyRule>? RoleRules(string? ns, string name) => policy().Role(ns, name);

    /// <summary>Every rule the user holds in <paramref name="ns"/>, cluster-wide ones included (SelfSubjectRulesReview, escalation checks).</summary>
    public IReadOnlyList<PolicyRule> RulesFor(Rest.RequestUser user, string? ns) => [.. policy().RulesFor(user, ns)];
}
