using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// Strategic merge patches on metadata, as upstream's controllers send them. Naming the dependent's uid
/// makes the patch fail if the object was replaced by a namesake meanwhile.
/// </summary>
internal static class OwnerPatches
{
    /// <summary>Makes <paramref name="owner"/> a reference of the object (merged by uid): adoption.</summary>
    public static string Adopt(V1OwnerReference owner, string dependentUid) =>
        Metadata(dependentUid, [JsonNode.Parse(KubernetesJson.Serialize(owner))]);

    /// <summary>Drops the references to <paramref name="ownerUids"/>: release, orphaning, dangling references.</summary>
    public static string RemoveOwners(IEnumerable<string> ownerUids, string dependentUid) =>
        Metadata(dependentUid, ownerUids.Select(uid => (JsonNode?)new JsonObject { ["$patch"] = "delete", ["uid"] = uid }));

    /// <summary>Sets blockOwnerDeletion=false on the references to <paramref name="ownerUids"/>.</summary>
    public static string Unblock(IEnumerable<string> ownerUids, string dependentUid) =>
        Metadata(dependentUid, ownerUids.Select(uid => (JsonNode?)new JsonObject { ["uid"] = uid, ["blockOwnerDeletion"] = false }));

    /// <summary>
    /// A JSON merge patch replacing the finalizer list, guarded by resourceVersion (409 if the object
    /// moved), so a finalizer another actor added meanwhile is never dropped by accident.
    /// </summary>
    public static string SetFinalizers(IEnumerable<string> finalizers, string resourceVersion) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]),
                ["resourceVersion"] = resourceVersion,
            },
        }.ToJsonString();

    private static string Metadata(string dependentUid, IEnumerable<JsonNode?> ownerReferences) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["ownerReferences"] = new JsonArray([.. ownerReferences]),
                ["uid"] = dependentUid,
            },
        }.ToJsonString();
}
