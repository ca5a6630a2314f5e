using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get controllerrevisions: the controlling owner as "kind.group/name" in lower case, and the revision.</summary>
public sealed class ControllerRevisionPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Controller", "string", "Controller of the object"),
        new("Revision", "integer", "Revision indicates the revision of the state represented by Data."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var controller = "<none>";
        if (obj.Objects("metadata", "ownerReferences").FirstOrDefault(o => o.Bool("controller")) is { } owner)
        {
            var apiVersion = owner.Str("apiVersion");
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            var kind = group.Length > 0 ? $"{owner.Str("kind")}.{group}" : owner.Str("kind");
            controller = $"{kind.ToLowerInvariant()}/{owner.Str("name")}";
        }

        return new JsonArray(obj.Name(), controller, obj.Long("revision"), obj.Age(now));
    }
}
