using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.DaemonSets;

/// <summary>
/// The pods a DaemonSet creates: its template with upstream's added tolerations, pinned to one node by a
/// required node affinity on metadata.name (the scheduler binds them), labelled with the revision hash
/// and the template generation.
/// </summary>
internal static class DaemonPods
{
    public const string RevisionHashLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    /// <summary>The template with upstream's AddOrUpdateDaemonPodTolerations applied; also what node eligibility is judged on.</summary>
    public static V1PodSpec SpecWithTolerations(V1DaemonSet ds)
    {
        var spec = ObjectJson.Clone(ds.Spec.Template.Spec);
        var tolerations = spec.Tolerations?.ToList() ?? [];
        void Add(string key, string effect)
        {
            if (!tolerations.Any(t => t.Key == key && t.Effect == effect && t.OperatorProperty == "Exists"))
            {
                tolerations.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = effect });
            }
        }
        Add("node.kubernetes.io/not-ready", "NoExecute");
        Add("node.kubernetes.io/unreachable", "NoExecute");
        Add("node.kubernetes.io/disk-pressure", "NoSchedule");
        Add("node.kubernetes.io/memory-pressure", "NoSchedule");
        Add("node.kubernetes.io/pid-pressure", "NoSchedule");
        Add("node.kubernetes.io/unschedulable", "NoSchedule");
        if (spec.HostNetwork == true)
        {
            Add("node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        spec.Tolerations = tolerations;
        return spec;
    }

    public static string TemplateGeneration(V1DaemonSet ds) =>
        ds.Metadata.Annotations?.TryGetValue(TemplateGenerationAnnotation, out var g) == true ? g : (ds.Metadata.Generation ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static V1Pod NewPod(V1DaemonSet ds, string nodeName, string revisionHash)
    {
        var spec = SpecWithTolerations(ds);
        var affinity = spec.Affinity ?? new V1Affinity();
        var nodeAffinity = affinity.NodeAffinity ?? new V1NodeAffinity();
        // Upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become this one node.
        nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms =
            [
                new V1NodeSelectorTerm
                {
                    MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [nodeName] }],
                },
            ],
        };
        affinity.NodeAffinity = nodeAffinity;
        spec.Affinity = affinity;
        var labels = new Dictionary<string, string>(ds.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [RevisionHashLabel] = revisionHash,
            [TemplateGenerationLabel] = TemplateGeneration(ds),
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = ds.Metadata.Name + "-",
                NamespaceProperty = ds.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = ds.Spec.Template.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences = [OwnerReferences.ControllerRef(ds.Metadata, "apps/v1", "DaemonSet")],
            },
            Spec = spec,
        };
    }

    /// <summary>The node a daemon pod is for: where it is bound, else the node its affinity pins it to.</summary>
    public static string? TargetNode(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [];
        return terms.SelectMany(t => t.MatchFields ?? [])
            .FirstOrDefault(f => f.Key == "metadata.name" && f.OperatorProperty == "In" && f.Values?.Count == 1)?.Values[0];
    }
}
