using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>A meta.k8s.io/v1 TableColumnDefinition. Priority 0 columns always show; kubectl shows priority 1 only with -o wide.</summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    public static TableColumn ObjectName { get; } = new("Name", "string",
        "Name must be unique within a namespace. Cannot be updated.", Format: "name");

    public static TableColumn Age { get; } = new("Age", "string",
        "CreationTimestamp is the server time when this object was created, shown as its age.");

    public static TableColumn CreatedAt { get; } = new("Created At", "date",
        "CreationTimestamp is the server time when this object was created.");

    public static TableColumn Containers { get; } = new("Containers", "string", "Names of each container in the template.", 1);

    public static TableColumn Images { get; } = new("Images", "string", "Images referenced by each container in the template.", 1);

    public static TableColumn Selector { get; } = new("Selector", "string", "The label selector of the pods this object manages.", 1);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
