using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>The resource types a CustomResourceDefinition serves: one per served version, named by its accepted names.</summary>
public static class CustomResourceTypes
{
    private static readonly string[] ReadWrite = ["get", "patch", "update"];

    /// <summary>Served once the CRD is Established (its names accepted); while it terminates its objects stay reachable so they can be deleted.</summary>
    public static IReadOnlyList<ResourceType> Of(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        if (!HasCondition(crd, "Established"))
        {
            return [];
        }
        var spec = crd.Obj("spec") ?? [];
        var names = crd.Obj("status")?.Obj("acceptedNames") ?? spec.Obj("names") ?? [];
        var group = spec.S("group");
        var plural = names.S("plural");
        var kind = names.S("kind");
        if (group.Length == 0 || plural.Length == 0 || kind.Length == 0)
        {
            return [];
        }
        var types = new List<ResourceType>();
        foreach (var version in spec.Items("versions").Select(v => v.Item).OrderBy(v => v.S("name"), VersionPriority.Comparer))
        {
            if (!version.Bool("served"))
            {
                continue;
            }
            var versionName = version.S("name");
            var subresources = new List<SubresourceType>();
            var sub = version.Obj("subresources");
            if (sub?["status"] is JsonObject)
            {
                subresources.Add(new SubresourceType("status", group, versionName, kind, ReadWrite));
            }
            CustomScalePaths? scale = null;
            if (sub?.Obj("scale") is { } scaleSpec)
            {
                subresources.Add(new SubresourceType("scale", "autoscaling", "v1", "Scale", ReadWrite));
                scale = new CustomScalePaths(scaleSpec.S("specReplicasPath"), scaleSpec.S("statusReplicasPath"), scaleSpec.Str("labelSelectorPath"));
            }
            var custom = new CustomResource(
                crd.Obj("metadata").S("name"),
                version.Obj("schema")?.Obj("openAPIV3Schema"),
                version.Items("additionalPrinterColumns").Select(c => c.Item).ToList(),
                scale,
                crd.Obj("metadata").Has("deletionTimestamp"));
            types.Add(new ResourceType(group, versionName, plural, names.S("singular") is { Length: > 0 } s ? s : kind.ToLowerInvariant(), kind,
                spec.S("scope") == "Namespaced", typeof(JsonObject), names.Strings("shortNames"), names.Strings("categories"), subresources)
            {
                Custom = custom,
                StoragePrefix = $"/registry/{group}/{plural}/",
            });
        }
        return types;
    }

    public static bool HasCondition(JsonObject crd, string type) =>
        crd.Obj("status").Items("conditions").Any(c => c.Item.S("type") == type && c.Item.S("status") == "True");
}
