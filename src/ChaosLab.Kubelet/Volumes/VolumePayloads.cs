using System.Text;
using ChaosLab.Kubelet.Pods;
using k8s.Models;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>
/// The files of configMap, secret and downwardAPI volumes (and of those sources in a projected volume), as upstream's
/// volume plugins make them: every key as a file, or only the listed items at their paths; an item's mode or else
/// the volume's defaultMode; a listed key that is missing fails the volume unless it is optional.
/// </summary>
public static class VolumePayloads
{
    /// <summary>A ConfigMap's files; <paramref name="configMap"/> is null for an optional one that does not exist (no files).</summary>
    public static Dictionary<string, FileProjection> ConfigMap(V1ConfigMap? configMap, IList<V1KeyToPath>? items, int? defaultMode, bool optional)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value);
        }
        foreach (var (key, value) in configMap?.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[key] = value;
        }
        return Project(data, items, defaultMode, optional, key => $"configmap references non-existent config key: {key}");
    }

    /// <summary>A Secret's files; <paramref name="secret"/> is null for an optional one that does not exist (no files).</summary>
    public static Dictionary<string, FileProjection> Secret(V1Secret? secret, IList<V1KeyToPath>? items, int? defaultMode, bool optional) =>
        Project(new Dictionary<string, byte[]>(secret?.Data ?? new Dictionary<string, byte[]>(), StringComparer.Ordinal), items, defaultMode, optional,
            key => $"references non-existent secret key: {key}");

    /// <summary>The pod's own fields and its containers' resources as files.</summary>
    public static Dictionary<string, FileProjection> DownwardApi(V1Pod pod, IList<V1DownwardAPIVolumeFile>? items, int? defaultMode)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            string value;
            if (item.FieldRef is { } fieldRef)
            {
                value = Pods.DownwardApi.FieldValue(pod, fieldRef.FieldPath, null) ?? throw new VolumeSetUpException($"unsupported fieldPath: {fieldRef.FieldPath}");
            }
            else if (item.ResourceFieldRef is { } resourceRef)
            {
                var container = pod.Spec.Containers.FirstOrDefault(c => c.Name == resourceRef.ContainerName)
                    ?? throw new VolumeSetUpException($"container {resourceRef.ContainerName} not found");
                value = Pods.DownwardApi.ResourceValue(container, resourceRef) ?? throw new VolumeSetUpException($"unsupported container resource : {resourceRef.Resource}");
            }
            else
            {
                continue;
            }
            payload[item.Path] = new FileProjection(Encoding.UTF8.GetBytes(value), item.Mode ?? defaultMode ?? FileProjection.DefaultMode);
        }
        return payload;
    }

    private static Dictionary<string, FileProjection> Project(Dictionary<string, byte[]> data, IList<V1KeyToPath>? items, int? defaultMode, bool optional,
        Func<string, string> missingKey)
    {
        var mode = defaultMode ?? FileProjection.DefaultMode;
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        if (items is not { Count: > 0 })
        {
            foreach (var (key, value) in data)
            {
                payload[key] = new FileProjection(value, mode);
            }
            return payload;
        }
        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key, out var value))
            {
                if (optional)
                {
                    continue;
                }
                throw new VolumeSetUpException(missingKey(item.Key));
            }
            payload[item.Path] = new FileProjection(value, item.Mode ?? mode);
        }
        return payload;
    }
}
