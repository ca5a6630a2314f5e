using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>CustomResourceDefinitions: upstream's defaults (singular, listKind, conversion None) and its validation.</summary>
public sealed class CustomResourceDefinitionStrategy(ResourceType type) : GenericStrategy(type)
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Ensure("spec");
        var names = spec.Ensure("names");
        var kind = names.S("kind");
        if (kind.Length > 0)
        {
            if (names.S("singular").Length == 0) names["singular"] = kind.ToLowerInvariant();
            if (names.S("listKind").Length == 0) names["listKind"] = kind + "List";
        }
        if (spec.Obj("conversion") is null) spec["conversion"] = new JsonObject { ["strategy"] = "None" };
        foreach (var (_, column) in spec.Items("versions").SelectMany(v => v.Item.Items("additionalPrinterColumns")))
        {
            if (!column.Has("priority")) column["priority"] = 0;
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old) =>
        CustomResourceDefinitionValidation.Validate(obj, old);
}
