using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// Whether an openAPIV3Schema is structural, as upstream requires of every apiextensions.k8s.io/v1 CRD: every
/// specified field has a type (unless int-or-string or preserve-unknown-fields), object at the root, arrays with
/// items, properties and additionalProperties not both, no $ref, and defaults that fit their own schema.
/// </summary>
public static class StructuralSchema
{
    private static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];

    public static IReadOnlyList<FieldCause> Check(JsonObject schema, string path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var causes = new List<FieldCause>();
        if (schema.Str("type") is not { } rootType)
        {
            causes.Add(FieldCause.Required(path + ".type", "Required value: must not be empty at the root"));
        }
        else if (rootType != "object")
        {
            causes.Add(Causes.Invalid(path + ".type", rootType, "must be object at the root"));
        }
        CheckNode(schema, path, causes);
        return causes;
    }

    private static void CheckNode(JsonObject schema, string path, List<FieldCause> causes)
    {
        var type = schema.Str("type");
        if (type is not null && !Types.Contains(type))
        {
            causes.Add(Causes.NotSupported(path + ".type", type, Types));
        }
        if (schema.ContainsKey("$ref"))
        {
            causes.Add(FieldCause.Forbidden(path + ".$ref", "$ref is not supported"));
        }
        if (schema.Has("properties") && schema.Has("additionalProperties") && schema["additionalProperties"] is JsonObject)
        {
            causes.Add(FieldCause.Forbidden(path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"));
        }
        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && !schema.Bool("x-kubernetes-preserve-unknown-fields"))
        {
            causes.Add(Causes.InvalidRaw(path + ".x-kubernetes-preserve-unknown-fields", preserve.ToJsonString(), "must be true or undefined"));
        }
        if (schema.Bool("x-kubernetes-int-or-string") && type is not null)
        {
            causes.Add(FieldCause.Forbidden(path + ".type", "must be empty if x-kubernetes-int-or-string is true"));
        }
        if (schema.Bool("x-kubernetes-embedded-resource") && type != "object")
        {
            causes.Add(FieldCause.Required(path + ".type", "Required value: must be object if x-kubernetes-embedded-resource is true"));
        }
        if (type == "array" && schema.Obj("items") is null)
        {
            causes.Add(FieldCause.Required(path + ".items", "Required value: must be specified"));
        }
        if (schema["default"] is { } fallback)
        {
            var defaultCauses = new List<FieldCause>();
            SchemaValidator.Validate(fallback.DeepClone(), schema, path + ".default", defaultCauses);
            causes.AddRange(defaultCauses);
        }
        if (schema.Obj("properties") is { } properties)
        {
            foreach (var (name, node) in properties)
            {
                var child = $"{path}.properties[{name}]";
                if (node is not JsonObject propertySchema)
                {
                    causes.Add(Causes.Invalid(child, JsonAccess.Text(node), "must be a schema object"));
                    continue;
                }
                RequireType(propertySchema, child, "must not be empty for specified object fields", causes);
                CheckNode(propertySchema, child, causes);
            }
        }
        if (schema.Obj("items") is { } items)
        {
            RequireType(items, path + ".items", "must not be empty for specified array items", causes);
            CheckNode(items, path + ".items", causes);
        }
        if (schema.Obj("additionalProperties") is { } additional)
        {
            RequireType(additional, path + ".additionalProperties", "must not be empty for specified object fields", causes);
            CheckNode(additional, path + ".additionalProperties", causes);
        }
    }

    private static void RequireType(JsonObject schema, string path, string why, List<FieldCause> causes)
    {
        if (schema.Str("type") is null && !schema.Bool("x-kubernetes-int-or-string") && !schema.Bool("x-kubernetes-preserve-unknown-fields"))
        {
            causes.Add(FieldCause.Required(path + ".type", "Required value: " + why));
        }
    }
}
