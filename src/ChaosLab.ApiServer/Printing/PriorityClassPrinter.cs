using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get priorityclasses: the value, whether it is the global default, and the preemption policy.</summary>
public sealed class PriorityClassPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Value", "integer", "The value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec."),
        new("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
        TableColumn.Age,
        new("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(
        obj.Name(), obj.Long("value"), obj.Bool("globalDefault"), obj.Age(now),
        obj.Str("preemptionPolicy") is { Length: > 0 } policy ? policy : "<unset>");
}
