using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get rolebindings and clusterrolebindings: the role as Kind/name and, wide, the subjects by kind.</summary>
public sealed class RoleBindingPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
        TableColumn.Age,
        new("Users", "string", "Users in the roleBinding", 1),
        new("Groups", "string", "Groups in the roleBinding", 1),
        new("ServiceAccounts", "string", "ServiceAccounts in the roleBinding", 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var subjects = obj.Objects("subjects");
        string Named(string kind) => string.Join(", ", subjects.Where(s => s.Str("kind") == kind).Select(s => s.Str("name")));
        var accounts = string.Join(", ", subjects.Where(s => s.Str("kind") == "ServiceAccount").Select(s => $"{s.Str("namespace")}/{s.Str("name")}"));
        return new JsonArray(
            obj.Name(), $"{obj.Str("roleRef", "kind")}/{obj.Str("roleRef", "name")}", obj.Age(now), Named("User"), Named("Group"), accounts);
    }
}
