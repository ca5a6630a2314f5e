using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// Objects of a custom resource: metadata as any kind, the rest against the version's openAPIV3Schema
/// (pruning and defaulting happen earlier, when the body is decoded).
/// </summary>
public sealed class CustomResourceStrategy(ResourceType type) : GenericStrategy(type)
{
    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old) =>
        Type.Custom?.Schema is { } schema ? SchemaValidator.ValidateObject(obj, schema) : [];
}
