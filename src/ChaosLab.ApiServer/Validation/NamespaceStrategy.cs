using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Namespaces: DNS-label names, the "kubernetes" finalizer, phase Active, and the metadata.name label.</summary>
public sealed class NamespaceStrategy(ResourceType type) : GenericStrategy(type)
{
    protected override Func<string, IReadOnlyList<string>> NameRule => NameRules.IsDNS1123Label;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        // Lets selectors pick namespaces by name (kubernetes.io/metadata.name), as upstream's defaulting does.
        var name = obj.Obj("metadata").S("name");
        if (name.Length > 0) obj.Ensure("metadata").Ensure("labels")["kubernetes.io/metadata.name"] = name;
        var spec = obj.Ensure("spec");
        var finalizers = spec.Arr("finalizers");
        if (finalizers is null)
        {
            spec["finalizers"] = new JsonArray("kubernetes");
        }
        else if (!finalizers.Any(f => JsonAccess.Text(f) == "kubernetes"))
        {
            finalizers.Add("kubernetes");
        }
        if (obj.Obj("status") is null or { Count: 0 }) obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForUpdate(newObj, old);
        // Finalizers of the spec change only through the finalize subresource.
        newObj.Ensure("spec").CopyFrom(old.Obj("spec") ?? [], "finalizers");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old) =>
        obj.Obj("spec").Strings("finalizers").SelectMany(f => Causes.Each("spec.finalizers", f, NameRules.IsQualifiedName(f)));
}
