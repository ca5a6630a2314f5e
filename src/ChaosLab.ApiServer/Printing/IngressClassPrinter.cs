using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get ingressclasses: the controller and the parameters' "Kind.group/name".</summary>
public sealed class IngressClassPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Controller", "string", "Controller that is responsible for handling this class"),
        new("Parameters", "string", "A reference to a resource with additional parameters"),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var parameters = "<none>";
        if (obj.At("spec", "parameters") is JsonObject p)
        {
            var group = p.Str("apiGroup");
            parameters = $"{p.Str("kind")}{(group.Length > 0 ? "." + group : "")}/{p.Str("name")}";
        }

        return new JsonArray(obj.Name(), obj.Str("spec", "controller"), parameters, obj.Age(now));
    }
}
