using System.Text.Json.Nodes;
using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// The custom-resource counterpart of <see cref="ObjectCodec.Canonicalize"/>: no model type exists, so the body stays
/// raw JSON; its metadata decodes as ObjectMeta, fields the schema does not specify are pruned (or refused with
/// fieldValidation=Strict) and the schema's defaults are filled in, as upstream does when it decodes a custom object.
/// </summary>
public static class CustomObjectCodec
{
    public static JsonObject Canonicalize(JsonObject input, ResourceType type, bool strict)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(type);
        var custom = type.Custom ?? throw new ArgumentException($"{type.QualifiedName} is not a custom resource", nameof(type));
        TypeMeta.Read(input, type.Kind);
        var obj = input.DeepClone().AsObject();
        switch (obj["metadata"])
        {
            case JsonObject metadata:
                obj["metadata"] = ObjectCodec.CanonicalizeMetadata(metadata, type.Kind, type.ApiVersion);
                break;
            case null:
                break;
            case var other:
                throw ApiException.BadRequest($"{type.Kind} in version \"{type.ApiVersion}\" cannot be handled as a {type.Kind}: " +
                    $"json: cannot unmarshal {SchemaValidator.TypeName(other)} into Go struct field {type.Kind}.metadata of type v1.ObjectMeta");
        }
        if (custom.Schema is { } schema)
        {
            var dropped = SchemaPruner.PruneObject(obj, schema);
            if (strict && dropped.Count > 0)
            {
                throw ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: " +
                    string.Join(", ", dropped.Select(f => $"unknown field \"{f}\"")));
            }
            SchemaDefaulter.Default(obj, schema);
        }
        return obj;
    }

    /// <summary>Either codec, by whether the resource has a model type.</summary>
    public static JsonObject CanonicalizeAny(JsonObject input, ResourceType type, bool strict)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Custom is null ? ObjectCodec.Canonicalize(input, type.ModelType, strict, out _) : Canonicalize(input, type, strict);
    }
}
