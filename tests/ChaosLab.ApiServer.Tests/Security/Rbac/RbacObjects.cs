using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Tests.Security.Rbac;

/// <summary>Roles and bindings in wire form, for the RBAC tests.</summary>
internal static class RbacObjects
{
    public static JsonObject Role(string ns, string name, string rulesJson) =>
        JsonNode.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"rules":{{rulesJson}}}""")!.AsObject();

    public static JsonObject ClusterRole(string name, string rulesJson) =>
        JsonNode.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{name}}"},"rules":{{rulesJson}}}""")!.AsObject();

    public static JsonObject RoleBinding(string ns, string name, string roleKind, string role, string subjectsJson) =>
        JsonNode.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{role}}"},"subjects":{{subjectsJson}}}""")!.AsObject();

    public static JsonObject ClusterRoleBinding(string name, string role, string subjectsJson) =>
        JsonNode.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{name}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{role}}"},"subjects":{{subjectsJson}}}""")!.AsObject();
}
