using System.Text.Json.Nodes;
using ChaosLab.ControllerManager.Deployments;
using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// ControllerRevisions of DaemonSets and StatefulSets (upstream's controller history): a snapshot of the pod
/// template as a replace patch, named OWNER-HASH, numbered one above the newest revision the owner has.
/// </summary>
internal static class ControllerRevisions
{
    /// <summary>The template hash a revision and its pods are labelled with (the collision count varies it).</summary>
    public static string Hash(V1PodTemplateSpec template, int? collisionCount) => PodTemplateHash.Compute(template, collisionCount);

    /// <summary>The revisions controlled by <paramref name="owner"/>, oldest first.</summary>
    public static List<V1ControllerRevision> OwnedBy(V1ObjectMeta owner, IEnumerable<V1ControllerRevision> inNamespace) =>
        [.. inNamespace.Where(r => OwnerReferences.IsControlledBy(r.Metadata, owner.Uid)).OrderBy(r => r.Revision ?? 0)];

    public static V1ControllerRevision New(V1ObjectMeta owner, string apiVersion, string kind, V1PodTemplateSpec template, string hash, long revision, IDictionary<string, string>? labels)
    {
        var templateJson = JsonNode.Parse(KubernetesJson.Serialize(template))!.AsObject();
        templateJson["$patch"] = "replace";
        var data = new JsonObject { ["spec"] = new JsonObject { ["template"] = templateJson } };
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = $"{owner.Name}-{hash}",
                NamespaceProperty = owner.NamespaceProperty,
                Labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { ["controller-revision-hash"] = hash },
                OwnerReferences = [OwnerReferences.ControllerRef(owner, apiVersion, kind)],
            },
            Data = data,
            Revision = revision,
        };
    }

    /// <summary>The template a revision snapshots, null if it holds none.</summary>
    public static V1PodTemplateSpec? TemplateOf(V1ControllerRevision revision)
    {
        var data = revision.Data switch
        {
            JsonNode node => node,
            null => null,
            var other => JsonNode.Parse(KubernetesJson.Serialize(other)),
        };
        if (data?["spec"]?["template"] is not JsonObject template)
        {
            return null;
        }
        var copy = template.DeepClone().AsObject();
        copy.Remove("$patch");
        return KubernetesJson.Deserialize<V1PodTemplateSpec>(copy.ToJsonString());
    }

    public static long NextNumber(IEnumerable<V1ControllerRevision> owned) => owned.Select(r => r.Revision ?? 0).DefaultIfEmpty(0).Max() + 1;
}
