using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get leases: who holds the lease.</summary>
public sealed class LeasePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(obj.Name(), obj.Str("spec", "holderIdentity"), obj.Age(now));
}
