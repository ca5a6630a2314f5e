using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// The answer to an update that writes nothing. A dry run answers with the object as the update made it (merged,
/// defaulted and validated) at the version it would have replaced, as upstream's dry-run storage hands back what the
/// update produced: `kubectl diff` shows exactly that. An update that changes nothing answers with the stored object.
/// </summary>
public static class UnwrittenUpdate
{
    /// <returns>The object to answer with, or null when the update must be written.</returns>
    public static JsonObject? Answer(JsonObject updated, JsonObject stored, string storedVersion, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(stored);
        if (dryRun)
        {
            ObjectCodec.Meta(updated)["resourceVersion"] = storedVersion;
            return updated;
        }
        return JsonNode.DeepEquals(WithoutVersion(updated), WithoutVersion(stored)) ? stored : null;
    }

    private static JsonObject WithoutVersion(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        ObjectCodec.Meta(copy).Remove("resourceVersion");
        return copy;
    }
}
