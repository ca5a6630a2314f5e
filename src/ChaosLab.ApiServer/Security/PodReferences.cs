using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Security;

/// <summary>
/// The objects a pod's spec names, by resource: what the kubelet of its node has to read to run it. Every
/// name is in the pod's own namespace.
/// </summary>
public sealed record PodReferences(
    IReadOnlySet<string> Secrets,
    IReadOnlySet<string> ConfigMaps,
    IReadOnlySet<string> PersistentVolumeClaims,
    IReadOnlySet<string> ServiceAccounts)
{
    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    public static PodReferences Of(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod.Obj("spec");
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var configMaps = new HashSet<string>(StringComparer.Ordinal);
        var claims = new HashSet<string>(StringComparer.Ordinal);
        var serviceAccounts = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (_, pullSecret) in spec.Items("imagePullSecrets"))
        {
            Add(secrets, pullSecret.Str("name"));
        }
        foreach (var (_, volume) in spec.Items("volumes"))
        {
            Add(secrets, volume.Obj("secret").Str("secretName"));
            Add(configMaps, volume.Obj("configMap").Str("name"));
            Add(claims, volume.Obj("persistentVolumeClaim").Str("claimName"));
            foreach (var (_, source) in volume.Obj("projected").Items("sources"))
            {
                Add(secrets, source.Obj("secret").Str("name"));
                Add(configMaps, source.Obj("configMap").Str("name"));
            }
        }
        foreach (var list in ContainerLists)
        {
            foreach (var (_, container) in spec.Items(list))
            {
                foreach (var (_, env) in container.Items("env"))
                {
                    Add(secrets, env.Obj("valueFrom").Obj("secretKeyRef").Str("name"));
                    Add(configMaps, env.Obj("valueFrom").Obj("configMapKeyRef").Str("name"));
                }
                foreach (var (_, source) in container.Items("envFrom"))
                {
                    Add(secrets, source.Obj("secretRef").Str("name"));
                    Add(configMaps, source.Obj("configMapRef").Str("name"));
                }
            }
        }
        Add(serviceAccounts, spec.Str("serviceAccountName"));
        return new PodReferences(secrets, configMaps, claims, serviceAccounts);
    }

    /// <summary>Whether the pod names <paramref name="name"/> of <paramref name="resource"/> (a plural: secrets, configmaps, ...).</summary>
    public bool Includes(string resource, string name) => resource switch
    {
        "secrets" => Secrets.Contains(name),
        "configmaps" => ConfigMaps.Contains(name),
        "persistentvolumeclaims" => PersistentVolumeClaims.Contains(name),
        "serviceaccounts" => ServiceAccounts.Contains(name),
        _ => false,
    };

    private static void Add(HashSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }
}
