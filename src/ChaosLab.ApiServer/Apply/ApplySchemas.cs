using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Apply;

/// <summary>The apply schema of a resource: a custom resource's from its openAPIV3Schema, a built-in kind's from its merge keys.</summary>
public static class ApplySchemas
{
    public static IApplySchema For(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Custom is { } custom ? new CustomResourceApplySchema(custom.Schema) : new BuiltInApplySchema(type.Kind);
    }
}
