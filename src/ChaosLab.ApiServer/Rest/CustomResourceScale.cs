using System.Text.Json.Nodes;
using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// The autoscaling/v1 Scale of a custom object, read from and written to the paths its CRD names
/// (specReplicasPath, statusReplicasPath, labelSelectorPath), as upstream's custom resource scale does.
/// </summary>
public static class CustomResourceScale
{
    public static JsonObject From(JsonObject obj, CustomScalePaths paths)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(paths);
        var meta = obj["metadata"] ?? new JsonObject();
        var scaleMeta = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[field] is { } value)
            {
                scaleMeta[field] = value.DeepClone();
            }
        }
        var status = new JsonObject { ["replicas"] = Replicas(PrinterColumnPath.Read(obj, paths.StatusReplicasPath)) };
        if (paths.LabelSelectorPath is { } selectorPath && PrinterColumnPath.Read(obj, selectorPath) is JsonValue selector)
        {
            status["selector"] = selector.DeepClone();
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = Replicas(PrinterColumnPath.Read(obj, paths.SpecReplicasPath)) },
            ["status"] = status,
        };
    }

    /// <summary>Copies the desired replicas (and a resourceVersion precondition) from a Scale onto the custom object.</summary>
    public static JsonObject ApplyTo(JsonObject obj, JsonObject scale, CustomScalePaths paths)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(paths);
        if (scale["spec"]?["replicas"] is not JsonValue replicasNode || !replicasNode.TryGetValue<long>(out var replicas))
        {
            throw ApiException.Invalid("Scale", "autoscaling", ObjectMeta.Name(obj) ?? "", [FieldCause.Required("spec.replicas")]);
        }
        if (replicas < 0)
        {
            throw ApiException.Invalid("Scale", "autoscaling", ObjectMeta.Name(obj) ?? "",
                [FieldCause.Invalid("spec.replicas", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be greater than or equal to 0")]);
        }
        var meta = ObjectCodec.Meta(obj);
        meta.Remove("resourceVersion");
        if ((string?)scale["metadata"]?["resourceVersion"] is { Length: > 0 } rv)
        {
            meta["resourceVersion"] = rv;
        }
        PrinterColumnPath.Write(obj, paths.SpecReplicasPath, replicas);
        return obj;
    }

    private static long Replicas(JsonNode? value) => value is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
