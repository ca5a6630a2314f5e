using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.RootCaCertPublisher;

/// <summary>
/// The <c>kube-root-ca.crt</c> ConfigMap every namespace gets: the cluster CA under <c>ca.crt</c> and upstream's
/// description annotation. Its data belongs to the publisher alone: any other key or value is overwritten.
/// </summary>
internal static class RootCaConfigMap
{
    public const string Name = "kube-root-ca.crt";
    public const string CaKey = "ca.crt";
    public const string DescriptionAnnotation = "kubernetes.io/description";
    public const string Description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. "
        + "No other usage is guaranteed across distributions of Kubernetes clusters.";

    public static V1ConfigMap New(string ns, string caPem) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = Name,
            NamespaceProperty = ns,
            Annotations = new Dictionary<string, string> { [DescriptionAnnotation] = Description },
        },
        Data = new Dictionary<string, string> { [CaKey] = caPem },
    };

    /// <summary>
    /// <paramref name="existing"/> with exactly the CA as data and the description annotation set, or null
    /// when it already has both (a non-empty description is left as it is, as upstream does).
    /// </summary>
    public static V1ConfigMap? Repaired(V1ConfigMap existing, string caPem)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var dataUpToDate = existing.Data is { Count: 1 } data && data.Lookup(CaKey) == caPem;
        if (dataUpToDate && !string.IsNullOrEmpty(existing.Metadata?.Annotations.Lookup(DescriptionAnnotation)))
        {
            return null;
        }
        var repaired = ObjectJson.Clone(existing);
        repaired.Metadata ??= new V1ObjectMeta();
        repaired.Data = new Dictionary<string, string> { [CaKey] = caPem };
        repaired.Metadata.Annotations ??= new Dictionary<string, string>();
        repaired.Metadata.Annotations[DescriptionAnnotation] = Description;
        return repaired;
    }
}
