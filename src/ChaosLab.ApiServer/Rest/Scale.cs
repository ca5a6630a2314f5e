using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Selectors;

namespace ChaosLab.ApiServer.Rest;

/// <summary>The autoscaling/v1 Scale view of a Deployment, ReplicaSet, StatefulSet or ReplicationController (the scale subresource).</summary>
public static class Scale
{
    public static JsonObject From(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj["metadata"]!;
        var scaleMeta = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[field] is { } value)
            {
                scaleMeta[field] = value.DeepClone();
            }
        }
        var selectorJson = obj["spec"]?["selector"];
        if ((string?)obj["kind"] == "ReplicationController" && selectorJson is JsonObject labels)
        {
            // A ReplicationController's selector is a plain label map.
            selectorJson = new JsonObject { ["matchLabels"] = labels.DeepClone() };
        }
        var selector = LabelSelector.FromLabelSelectorJson(selectorJson).ToString();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = (long?)obj["spec"]?["replicas"] ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = (long?)obj["status"]?["replicas"] ?? 0, ["selector"] = selector },
        };
    }

    /// <summary>Copies the desired replicas (and a resourceVersion precondition) from a Scale onto the object.</summary>
    public static JsonObject ApplyTo(JsonObject obj, JsonObject scale, string kind)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(scale);
        if (scale["spec"]?["replicas"] is not JsonValue replicasNode || !replicasNode.TryGetValue<long>(out var replicas))
        {
            throw ApiException.Invalid("Scale", "autoscaling", ObjectMeta.Name(obj) ?? "", [FieldCause.Required("spec.replicas")]);
        }
        if (replicas < 0)
        {
            throw ApiException.Invalid("Scale", "autoscaling", ObjectMeta.Name(obj) ?? "", [FieldCause.Invalid("spec.replicas", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be greater than or equal to 0")]);
        }
        var meta = ObjectCodec.Meta(obj);
        meta["resourceVersion"] = (string?)scale["metadata"]?["resourceVersion"] is { Length: > 0 } rv ? rv : null;
        if (meta["resourceVersion"] is null)
        {
            meta.Remove("resourceVersion");
        }
        _ = kind;
        ((JsonObject)obj["spec"]!)["replicas"] = replicas;
        return obj;
    }
}
