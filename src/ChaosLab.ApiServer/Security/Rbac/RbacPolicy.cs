using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>A binding as the authorizer uses it: which role it grants, in which namespace (null for a ClusterRoleBinding).</summary>
public sealed record BindingGrant(string BindingKind, string BindingName, string? Namespace, string RoleKind, string RoleName, string SubjectText);

/// <summary>
/// One immutable view of every Role, ClusterRole, RoleBinding and ClusterRoleBinding, indexed by subject so that
/// finding a user's rules costs a dictionary lookup per name and group. A change builds a new view.
/// ServiceAccount subjects are indexed under their user name, system:serviceaccount:NS:NAME.
/// </summary>
public sealed class RbacPolicy
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    private readonly Dictionary<string, IReadOnlyList<PolicyRule>> _clusterRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<PolicyRule>> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BindingGrant>> _clusterBindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BindingGrant>> _namespacedBindings = new(StringComparer.Ordinal);

    public static RbacPolicy Empty { get; } = new([], [], [], []);

    public RbacPolicy(IEnumerable<JsonObject> roles, IEnumerable<JsonObject> clusterRoles, IEnumerable<JsonObject> roleBindings, IEnumerable<JsonObject> clusterRoleBindings)
    {
        foreach (var role in clusterRoles)
        {
            _clusterRoles[ObjectMeta.Name(role) ?? ""] = PolicyRule.ListFrom(role);
        }
        foreach (var role in roles)
        {
            _roles[$"{ObjectMeta.Namespace(role)}/{ObjectMeta.Name(role)}"] = PolicyRule.ListFrom(role);
        }
        foreach (var binding in clusterRoleBindings)
        {
            Index(binding, null, _clusterBindings);
        }
        foreach (var binding in roleBindings)
        {
            Index(binding, ObjectMeta.Namespace(binding) ?? "", _namespacedBindings);
        }
    }

    /// <summary>The user name a ServiceAccount authenticates as.</summary>
    public static string ServiceAccountUser(string ns, string name) => $"{ServiceAccountPrefix}{ns}:{name}";

    /// <summary>The rules of a ClusterRole, or of a Role in <paramref name="ns"/>; empty when it does not exist.</summary>
    public IReadOnlyList<PolicyRule> RoleRules(string kind, string? ns, string name) =>
        (kind == "ClusterRole" ? _clusterRoles.GetValueOrDefault(name) : _roles.GetValueOrDefault($"{ns}/{name}")) ?? [];

    public IReadOnlyList<PolicyRule>? ClusterRole(string name) => _clusterRoles.GetValueOrDefault(name);

    public IReadOnlyList<PolicyRule>? Role(string? ns, string name) => _roles.GetValueOrDefault($"{ns}/{name}");

    /// <summary>
    /// Every binding that applies to <paramref name="user"/>: the ClusterRoleBindings, then the RoleBindings of
    /// <paramref name="ns"/> (none when null: a cluster-scoped request is granted by ClusterRoleBindings only).
    /// </summary>
    public IEnumerable<BindingGrant> GrantsFor(RequestUser user, string? ns)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var key in SubjectKeys(user))
        {
            if (_clusterBindings.TryGetValue(key, out var grants))
            {
                foreach (var grant in grants) yield return grant;
            }
        }
        if (ns is null)
        {
            yield break;
        }
        foreach (var key in SubjectKeys(user))
        {
            if (_namespacedBindings.TryGetValue($"{ns}|{key}", out var grants))
            {
                foreach (var grant in grants) yield return grant;
            }
        }
    }

    /// <summary>The rules a binding grants: its role's, as they are now.</summary>
    public IReadOnlyList<PolicyRule> Rules(BindingGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return RoleRules(grant.RoleKind, grant.Namespace, grant.RoleName);
    }

    /// <summary>Every rule <paramref name="user"/> holds in <paramref name="ns"/> (cluster-wide ones included).</summary>
    public IEnumerable<PolicyRule> RulesFor(RequestUser user, string? ns) => GrantsFor(user, ns).SelectMany(Rules);

    private static IEnumerable<string> SubjectKeys(RequestUser user)
    {
        yield return "User:" + user.Name;
        foreach (var group in user.Groups)
        {
            yield return "Group:" + group;
        }
    }

    private static void Index(JsonObject binding, string? ns, Dictionary<string, List<BindingGrant>> index)
    {
        var roleRef = binding.Obj("roleRef");
        var kind = ns is null ? "ClusterRoleBinding" : "RoleBinding";
        foreach (var (_, subject) in binding.Items("subjects"))
        {
            var subjectKind = subject.S("kind");
            var name = subject.S("name");
            var key = subjectKind switch
            {
                "User" => "User:" + name,
                "Group" => "Group:" + name,
                "ServiceAccount" => "User:" + ServiceAccountUser(subject.Str("namespace") is { Length: > 0 } saNs ? saNs : ns ?? "", name),
                _ => null,
            };
            if (key is null)
            {
                continue;
            }
            var grant = new BindingGrant(kind, ObjectMeta.Name(binding) ?? "", ns, roleRef.S("kind"), roleRef.S("name"), $"{subjectKind} \"{name}\"");
            var slot = ns is null ? key : $"{ns}|{key}";
            if (!index.TryGetValue(slot, out var list))
            {
                index[slot] = list = [];
            }
            list.Add(grant);
        }
    }
}
