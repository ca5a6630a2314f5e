using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using k8s.Models;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>
/// The components.schemas of a custom resource as upstream publishes them: the version's openAPIV3Schema named
/// after the reversed group (com.example.stable.v1.CronTab), with apiVersion, kind and a metadata reference to
/// ObjectMeta added, its x-kubernetes-group-version-kind, and a List schema beside it.
/// </summary>
internal static class CustomResourceSchemas
{
    public static string Add(SchemaGenerator schemas, ResourceType type)
    {
        var name = NameOf(type, type.Kind);
        var schema = type.Custom?.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = TypeMetaField("APIVersion defines the versioned schema of this representation of an object.");
        properties["kind"] = TypeMetaField("Kind is a string value representing the REST resource this object represents.");
        properties["metadata"] = Reference(schemas.Add(typeof(V1ObjectMeta)), "Standard object's metadata.");
        schema["x-kubernetes-group-version-kind"] = Gvk(type, type.Kind);
        schemas.AddRaw(name, schema);
        return name;
    }

    public static string AddList(SchemaGenerator schemas, ResourceType type, string itemSchema)
    {
        var name = NameOf(type, type.ListKind);
        schemas.AddRaw(name, new JsonObject
        {
            ["description"] = $"{type.ListKind} is a list of {type.Kind}",
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = TypeMetaField("APIVersion defines the versioned schema of this representation of an object."),
                ["kind"] = TypeMetaField("Kind is a string value representing the REST resource this object represents."),
                ["items"] = new JsonObject
                {
                    ["description"] = $"List of {type.Plural}.",
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["$ref"] = SchemaGenerator.RefPath(itemSchema) },
                },
                ["metadata"] = Reference(schemas.Add(typeof(V1ListMeta)), "Standard list metadata."),
            },
            ["x-kubernetes-group-version-kind"] = Gvk(type, type.ListKind),
        });
        return name;
    }

    private static string NameOf(ResourceType type, string kind) =>
        $"{string.Join('.', type.Group.Split('.').Reverse())}.{type.Version}.{kind}";

    private static JsonObject TypeMetaField(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject Reference(string schema, string description) => new()
    {
        ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = SchemaGenerator.RefPath(schema) }),
        ["description"] = description,
    };

    private static JsonArray Gvk(ResourceType type, string kind) =>
        new(new JsonObject { ["group"] = type.Group, ["kind"] = kind, ["version"] = type.Version });
}
