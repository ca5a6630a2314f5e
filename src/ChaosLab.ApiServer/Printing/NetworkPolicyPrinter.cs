using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get networkpolicies: the pods the policy selects ("&lt;none&gt;" for all).</summary>
public sealed class NetworkPolicyPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) =>
        new(obj.Name(), LabelFormat.SelectorOrNone(obj.At("spec", "podSelector")), obj.Age(now));
}
