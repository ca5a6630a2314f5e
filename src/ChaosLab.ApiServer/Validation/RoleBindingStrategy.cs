using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// rbac.authorization.k8s.io RoleBinding and ClusterRoleBinding, as upstream's ValidateRoleBinding: a roleRef to a
/// Role (RoleBindings only) or ClusterRole of the RBAC group, which may never change; subjects of kind User, Group
/// (RBAC group) or ServiceAccount (core group, a namespace when the binding has none). Unset API groups default as
/// upstream's v1 defaulting does.
/// </summary>
public sealed class RoleBindingStrategy(ResourceType type) : GenericStrategy(type)
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    protected override Func<string, IReadOnlyList<string>> NameRule => RbacNames.IsValidPathSegmentName;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["roleRef"] is JsonObject roleRef && roleRef.S("apiGroup").Length == 0)
        {
            roleRef["apiGroup"] = RbacGroup;
        }
        foreach (var (_, subject) in obj.Items("subjects"))
        {
            if (subject.S("apiGroup").Length == 0 && subject.S("kind") is "User" or "Group")
            {
                subject["apiGroup"] = RbacGroup;
            }
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var roleRef = obj.Obj("roleRef") ?? [];
        if (old is not null && !JsonAccess.SemanticEquals(RoleRef(roleRef), RoleRef(old.Obj("roleRef") ?? [])))
        {
            causes.Add(Causes.InvalidRaw("roleRef", GoRoleRef(roleRef), "cannot change roleRef"));
        }
        if (roleRef.S("apiGroup") != RbacGroup)
        {
            causes.Add(Causes.NotSupported("roleRef.apiGroup", roleRef.S("apiGroup"), [RbacGroup]));
        }
        string[] kinds = Type.Namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!kinds.Contains(roleRef.S("kind")))
        {
            causes.Add(Causes.NotSupported("roleRef.kind", roleRef.S("kind"), kinds));
        }
        var roleName = roleRef.S("name");
        if (roleName.Length == 0)
        {
            causes.Add(Causes.Required("roleRef.name"));
        }
        else
        {
            causes.AddRange(Causes.Each("roleRef.name", roleName, RbacNames.IsValidPathSegmentName(roleName)));
        }
        foreach (var (i, subject) in obj.Items("subjects"))
        {
            causes.AddRange(ValidateSubject(subject, $"subjects[{i}]", Type.Namespaced));
        }
        return causes;
    }

    internal static IEnumerable<FieldCause> ValidateSubject(JsonObject subject, string path, bool namespaced)
    {
        var name = subject.S("name");
        if (name.Length == 0)
        {
            yield return Causes.Required($"{path}.name");
        }
        var group = subject.S("apiGroup");
        switch (subject.S("kind"))
        {
            case "ServiceAccount":
                if (name.Length > 0)
                {
                    foreach (var cause in Causes.Each($"{path}.name", name, NameRules.IsDNS1123Subdomain(name))) yield return cause;
                }
                if (group.Length > 0)
                {
                    yield return Causes.NotSupported($"{path}.apiGroup", group, [""]);
                }
                if (!namespaced && subject.S("namespace").Length == 0)
                {
                    yield return Causes.Required($"{path}.namespace");
                }
                break;
            case "User" or "Group":
                if (group != RbacGroup)
                {
                    yield return Causes.NotSupported($"{path}.apiGroup", group, [RbacGroup]);
                }
                break;
            default:
                yield return Causes.NotSupported($"{path}.kind", subject.S("kind"), ["ServiceAccount", "User", "Group"]);
                break;
        }
    }

    private static JsonObject RoleRef(JsonObject roleRef) => new()
    {
        ["apiGroup"] = roleRef.S("apiGroup"),
        ["kind"] = roleRef.S("kind"),
        ["name"] = roleRef.S("name"),
    };

    private static string GoRoleRef(JsonObject roleRef) =>
        $"rbac.RoleRef{{APIGroup:{Causes.Quote(roleRef.S("apiGroup"))}, Kind:{Causes.Quote(roleRef.S("kind"))}, Name:{Causes.Quote(roleRef.S("name"))}}}";
}
