using System.Globalization;
using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.StatefulSets;

/// <summary>
/// The stable identity of a StatefulSet's pods (upstream's stateful_set_utils): name SET-ORDINAL, hostname
/// and subdomain for DNS, the pod-name and pod-index labels, and one claim per volumeClaimTemplate named
/// TEMPLATE-SET-ORDINAL mounted in place of the template's volume of the same name.
/// </summary>
internal static class StatefulPods
{
    public const string RevisionLabel = "controller-revision-hash";
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    /// <summary>The ordinal of a pod named SET-N, or null if the pod is not a member by name.</summary>
    public static int? Ordinal(V1StatefulSet set, V1Pod pod)
    {
        var prefix = set.Metadata.Name + "-";
        var name = pod.Metadata?.Name ?? "";
        return name.StartsWith(prefix, StringComparison.Ordinal)
               && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
               && name[prefix.Length..] == ordinal.ToString(CultureInfo.InvariantCulture)
            ? ordinal
            : null;
    }

    public static string PodName(V1StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string ClaimName(V1StatefulSet set, string template, int ordinal) => $"{template}-{PodName(set, ordinal)}";

    public static string? Revision(V1Pod pod) => pod.Metadata?.Labels.Lookup(RevisionLabel);

    /// <summary>Pod <paramref name="ordinal"/> of <paramref name="set"/> built from <paramref name="template"/> (the set's own or an older revision's).</summary>
    public static V1Pod NewPod(V1StatefulSet set, V1PodTemplateSpec template, int ordinal, string revisionName)
    {
        var copy = ObjectJson.Clone(template);
        var name = PodName(set, ordinal);
        var labels = new Dictionary<string, string>(copy.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [PodNameLabel] = name,
            [PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture),
            [RevisionLabel] = revisionName,
        };
        var spec = copy.Spec;
        spec.Hostname = name;
        spec.Subdomain = string.IsNullOrEmpty(set.Spec.ServiceName) ? null : set.Spec.ServiceName;
        var claimTemplates = set.Spec.VolumeClaimTemplates ?? [];
        if (claimTemplates.Count > 0)
        {
            var claimed = claimTemplates.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var volumes = (spec.Volumes ?? []).Where(v => !claimed.Contains(v.Name)).ToList();
            volumes.AddRange(claimTemplates.Select(c => new V1Volume
            {
                Name = c.Metadata.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(set, c.Metadata.Name, ordinal) },
            }));
            spec.Volumes = volumes;
        }
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = copy.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = copy.Metadata?.Finalizers is { } finalizers ? [.. finalizers] : null,
                OwnerReferences = [OwnerReferences.ControllerRef(set.Metadata, "apps/v1", "StatefulSet")],
            },
            Spec = spec,
        };
    }

    /// <summary>
    /// The claims pod <paramref name="ordinal"/> needs, labelled with the set's selector. With whenDeleted=Delete
    /// they are owned by the set, so the garbage collector removes them with it; Retain leaves them unowned.
    /// </summary>
    public static IReadOnlyList<V1PersistentVolumeClaim> NewClaims(V1StatefulSet set, int ordinal)
    {
        var deleteWithSet = set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted == "Delete";
        return [.. (set.Spec.VolumeClaimTemplates ?? []).Select(template =>
        {
            var claim = ObjectJson.Clone(template);
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Status = null;
            var labels = new Dictionary<string, string>(claim.Metadata.Labels ?? new Dictionary<string, string>());
            foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                labels[key] = value;
            }
            claim.Metadata = new V1ObjectMeta
            {
                Name = ClaimName(set, template.Metadata.Name, ordinal),
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = claim.Metadata.Annotations,
                OwnerReferences = deleteWithSet
                    ? [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = set.Metadata.Name, Uid = set.Metadata.Uid }]
                    : null,
            };
            return claim;
        })];
    }
}
