using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// Fills absent fields with the schema's <c>default</c>s, as upstream's structural defaulting does: top-down, so a
/// defaulted object gets its own properties' defaults too. A field explicitly null stays null unless it is not nullable.
/// </summary>
public static class SchemaDefaulter
{
    public static void Default(JsonNode? value, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        switch (value)
        {
            case JsonObject obj:
                if (schema.Obj("properties") is { } properties)
                {
                    foreach (var (name, node) in properties)
                    {
                        if (node is not JsonObject propertySchema)
                        {
                            continue;
                        }
                        var missing = !obj.ContainsKey(name) || (obj[name] is null && !propertySchema.Bool("nullable"));
                        if (missing && propertySchema["default"] is { } fallback)
                        {
                            obj[name] = fallback.DeepClone();
                        }
                        if (obj[name] is { } child)
                        {
                            Default(child, propertySchema);
                        }
                    }
                }
                else if (schema.Obj("additionalProperties") is { } additional)
                {
                    foreach (var (_, child) in obj)
                    {
                        Default(child, additional);
                    }
                }
                break;
            case JsonArray array when schema.Obj("items") is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && items["default"] is { } fallback && !items.Bool("nullable"))
                    {
                        array[i] = fallback.DeepClone();
                    }
                    Default(array[i], items);
                }
                break;
        }
    }
}
