using System.Collections.Concurrent;
using ChaosLab.Kubelet.Pods;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>A volume ready for containers to mount: its path on the node, and whether every mount of it is read-only.</summary>
public sealed record MountedVolume(string HostPath, bool ReadOnly);

/// <summary>
/// What a pod's volumes came to on one sync: those ready to mount; failures (FailedMount in upstream's words) of
/// volumes that were never set up, which keep the pod from starting; and warnings about volumes that were set up
/// before and could not be refreshed (their containers go on with the last content, as upstream's do).
/// </summary>
public sealed record PodVolumeSetUp(IReadOnlyDictionary<string, MountedVolume> Volumes, IReadOnlyList<string> Failures, IReadOnlyList<string> Warnings);

/// <summary>
/// Sets up and tears down the volumes of the pods on this node, as upstream's volume manager does for the plugins
/// this kubelet has. Run on every sync of a pod: emptyDir and hostPath are made once; configMap, secret, downwardAPI
/// and projected volumes are rewritten (atomically, <see cref="AtomicWriter"/>) whenever what they project changed,
/// which is how a ConfigMap update reaches running containers. emptyDir with medium Memory, secret and projected
/// volumes are tmpfs mounts, as upstream makes them, so a Secret never lands on the node's disk. Removing a pod
/// unmounts and deletes its directory; hostPath volumes are the node's own and are never touched.
/// </summary>
public sealed class PodVolumes(VolumeLayout layout, IReferencedObjects objects, IHostMounts mounts, ILogger logger, ServiceAccountTokens? tokens = null)
{
    private const UnixFileMode AllAccess = (UnixFileMode)0x1FF; // 0777, upstream's emptyDir mode
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _tmpfs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _hostPathsChecked = new(StringComparer.Ordinal);

    public VolumeLayout Layout => layout;

    public async Task<PodVolumeSetUp> SetUpAsync(V1Pod pod, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ready = new Dictionary<string, MountedVolume>(StringComparer.Ordinal);
        var failures = new List<string>();
        var warnings = new List<string>();
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            try
            {
                ready[volume.Name] = await SetUpAsync(pod, volume, ct);
            }
            catch (Exception ex) when (ex is VolumeSetUpException or IOException or UnauthorizedAccessException)
            {
                var message = $"MountVolume.SetUp failed for volume \"{volume.Name}\" : {ex.Message}";
                if (SetUpEarlier(pod.Metadata.Uid, volume) is { } earlier)
                {
                    ready[volume.Name] = earlier;
                    warnings.Add(message);
                }
                else
                {
                    failures.Add(message);
                }
            }
        }
        return new PodVolumeSetUp(ready, failures, warnings);
    }

    /// <summary>Unmounts and deletes everything under the pod's directory (after its containers are gone).</summary>
    public void TearDown(string uid)
    {
        var podDir = layout.PodDirectory(uid);
        Forget(uid, podDir);
        tokens?.Forget(uid);
        if (!Directory.Exists(podDir))
        {
            return;
        }
        foreach (var point in mounts.MountPointsUnder(podDir))
        {
            try
            {
                mounts.Unmount(point);
            }
            catch (IOException ex)
            {
                logger.LogWarning("pod {Uid}: {Reason}", uid, ex.Message);
            }
        }
        if (mounts.MountPointsUnder(podDir) is { Count: > 0 } left)
        {
            // Deleting through a mount would delete what is mounted there: leave the directory for the next try.
            logger.LogWarning("pod {Uid}: volumes still mounted, its directory stays: {Mounts}", uid, string.Join(", ", left));
            return;
        }
        // Directory.Delete removes symlinks and never follows them, so a link a container made in an emptyDir is safe.
        Directory.Delete(podDir, recursive: true);
        logger.LogInformation("pod {Uid}: volumes removed", uid);
    }

    /// <summary>
    /// Tears down the directories of pods that are no longer bound here (deleted while the kubelet was away). The
    /// directories are listed before <paramref name="livePods"/> is asked, so a pod whose volumes are being set up
    /// right now is always among the live ones.
    /// </summary>
    public void RemoveOrphans(Func<IReadOnlySet<string>> livePods)
    {
        ArgumentNullException.ThrowIfNull(livePods);
        if (!Directory.Exists(layout.PodsDirectory))
        {
            return;
        }
        var onDisk = Directory.GetDirectories(layout.PodsDirectory).Select(Path.GetFileName).OfType<string>().ToList();
        var live = livePods();
        foreach (var uid in onDisk.Where(u => !live.Contains(u)))
        {
            try
            {
                TearDown(uid);
            }
            catch (IOException ex)
            {
                logger.LogWarning("orphaned pod {Uid}: volumes not removed: {Reason}", uid, ex.Message);
            }
        }
    }

    private async Task<MountedVolume> SetUpAsync(V1Pod pod, V1Volume volume, CancellationToken ct)
    {
        var uid = pod.Metadata.Uid;
        var ns = pod.Metadata.NamespaceProperty;
        if (volume.EmptyDir is { } emptyDir)
        {
            return EmptyDirectory(uid, volume.Name, emptyDir);
        }
        if (volume.HostPath is { } hostPath)
        {
            if (!_hostPathsChecked.ContainsKey($"{uid}/{volume.Name}"))
            {
                await HostPathCheck.CheckAsync(hostPath.Path, hostPath.Type, ct);
                _hostPathsChecked[$"{uid}/{volume.Name}"] = true;
            }
            return new MountedVolume(hostPath.Path, ReadOnly: false);
        }
        if (volume.PersistentVolumeClaim is { } claimSource)
        {
            return await ClaimedHostPathAsync(uid, ns, volume.Name, claimSource, ct);
        }
        if (volume.ConfigMap is { } configMap)
        {
            var optional = configMap.Optional == true;
            var source = await ReadOptionalAsync(() => objects.GetConfigMapAsync(ns, configMap.Name, ct), optional);
            return Project(uid, VolumeLayout.ConfigMap, volume.Name, memory: false,
                VolumePayloads.ConfigMap(source, configMap.Items, configMap.DefaultMode, optional));
        }
        if (volume.Secret is { } secret)
        {
            var optional = secret.Optional == true;
            var source = await ReadOptionalAsync(() => objects.GetSecretAsync(ns, secret.SecretName, ct), optional);
            return Project(uid, VolumeLayout.Secret, volume.Name, memory: true,
                VolumePayloads.Secret(source, secret.Items, secret.DefaultMode, optional));
        }
        if (volume.DownwardAPI is { } downward)
        {
            return Project(uid, VolumeLayout.DownwardApi, volume.Name, memory: false, VolumePayloads.DownwardApi(pod, downward.Items, downward.DefaultMode));
        }
        if (volume.Projected is { } projected)
        {
            return Project(uid, VolumeLayout.Projected, volume.Name, memory: true, await ProjectedPayloadAsync(pod, projected, ct));
        }
        throw new VolumeSetUpException($"{SourceName(volume)} volumes are not supported by this kubelet (it has emptyDir, hostPath, persistentVolumeClaim of hostPath volumes, configMap, secret, downwardAPI and projected)");
    }

    /// <summary>A persistentVolumeClaim volume: the bound PersistentVolume's hostPath, checked like a hostPath volume of its own.</summary>
    private async Task<MountedVolume> ClaimedHostPathAsync(string uid, string ns, string volumeName, V1PersistentVolumeClaimVolumeSource source, CancellationToken ct)
    {
        var claim = await ReadOptionalAsync(() => objects.GetPersistentVolumeClaimAsync(ns, source.ClaimName, ct), optional: false);
        if (claim?.Status?.Phase != "Bound" || string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            throw new VolumeSetUpException($"error processing PVC {ns}/{source.ClaimName}: PVC is not bound");
        }
        var pv = await ReadOptionalAsync(() => objects.GetPersistentVolumeAsync(claim.Spec.VolumeName, ct), optional: false);
        if (pv?.Spec?.HostPath is not { } hostPath)
        {
            throw new VolumeSetUpException($"persistentvolume \"{claim.Spec.VolumeName}\": only hostPath persistent volumes are supported by this kubelet");
        }
        if (!_hostPathsChecked.ContainsKey($"{uid}/{volumeName}"))
        {
            await HostPathCheck.CheckAsync(hostPath.Path, hostPath.Type, ct);
            _hostPathsChecked[$"{uid}/{volumeName}"] = true;
        }
        return new MountedVolume(hostPath.Path, ReadOnly: source.ReadOnlyProperty == true);
    }

    private MountedVolume EmptyDirectory(string uid, string name, V1EmptyDirVolumeSource source)
    {
        var dir = layout.VolumeDirectory(uid, VolumeLayout.EmptyDir, name);
        switch (source.Medium ?? "")
        {
            case "":
                if (!Directory.Exists(dir))
                {
                    Directory.CreateDirectory(dir);
                    File.SetUnixFileMode(dir, AllAccess);
                }
                break;
            case "Memory":
                var size = source.SizeLimit is { } limit ? (long?)limit.ToInt64() : null;
                if (EnsureTmpfs(dir, size))
                {
                    File.SetUnixFileMode(dir, AllAccess);
                }
                break;
            default:
                throw new VolumeSetUpException($"emptyDir medium \"{source.Medium}\" is not supported by this kubelet");
        }
        return new MountedVolume(dir, ReadOnly: false);
    }

    /// <summary>Writes a projected payload into the volume's directory when it differs from what was last written there.</summary>
    private MountedVolume Project(string uid, string plugin, string name, bool memory, Dictionary<string, FileProjection> payload)
    {
        var dir = layout.VolumeDirectory(uid, plugin, name);
        if (memory)
        {
            if (EnsureTmpfs(dir, null))
            {
                File.SetUnixFileMode(dir, AllAccess);
            }
        }
        else if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, AllAccess);
        }
        var fingerprint = AtomicWriter.Fingerprint(payload);
        if (_written.TryGetValue(dir, out var last) && last == fingerprint && new FileInfo(Path.Combine(dir, AtomicWriter.DataDirName)).LinkTarget is not null)
        {
            return new MountedVolume(dir, ReadOnly: true);
        }
        if (AtomicWriter.Write(dir, payload))
        {
            logger.LogInformation("pod {Uid}: volume {Volume} written ({Files} files)", uid, name, payload.Count);
        }
        _written[dir] = fingerprint;
        return new MountedVolume(dir, ReadOnly: true);
    }

    /// <summary>Mounts a tmpfs on the directory unless one is there; true when it mounted one now.</summary>
    private bool EnsureTmpfs(string dir, long? sizeBytes)
    {
        if (_tmpfs.ContainsKey(dir))
        {
            return false;
        }
        Directory.CreateDirectory(dir);
        var mounted = mounts.MountPointsUnder(dir).Contains(dir);
        if (!mounted)
        {
            mounts.MountTmpfs(dir, sizeBytes);
        }
        _tmpfs[dir] = true;
        return !mounted;
    }

    /// <summary>
    /// The sources of a projected volume merged, later ones over earlier ones; every source's failure is reported, as
    /// upstream aggregates them. A serviceAccountToken source is a token bound to the pod (<see cref="ServiceAccountTokens"/>,
    /// rewritten when it is refreshed). Sources that need what this kubelet lacks (trust bundles, pod certificates)
    /// fail the volume with a clear reason rather than leaving files out.
    /// </summary>
    private async Task<Dictionary<string, FileProjection>> ProjectedPayloadAsync(V1Pod pod, V1ProjectedVolumeSource projected, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var source in projected.Sources ?? [])
        {
            try
            {
                Dictionary<string, FileProjection> files;
                if (source.ConfigMap is { } configMap)
                {
                    var optional = configMap.Optional == true;
                    files = VolumePayloads.ConfigMap(await ReadOptionalAsync(() => objects.GetConfigMapAsync(ns, configMap.Name, ct), optional),
                        configMap.Items, projected.DefaultMode, optional);
                }
                else if (source.Secret is { } secret)
                {
                    var optional = secret.Optional == true;
                    files = VolumePayloads.Secret(await ReadOptionalAsync(() => objects.GetSecretAsync(ns, secret.Name, ct), optional),
                        secret.Items, projected.DefaultMode, optional);
                }
                else if (source.DownwardAPI is { } downward)
                {
                    files = VolumePayloads.DownwardApi(pod, downward.Items, projected.DefaultMode);
                }
                else if (source.ServiceAccountToken is { } projection && tokens is not null)
                {
                    var token = await tokens.GetAsync(pod, projection, ct);
                    files = new Dictionary<string, FileProjection>(StringComparer.Ordinal)
                    {
                        [projection.Path] = new FileProjection(System.Text.Encoding.UTF8.GetBytes(token.Token), projected.DefaultMode ?? FileProjection.DefaultMode),
                    };
                }
                else
                {
                    var kind = source.ServiceAccountToken is not null ? "serviceAccountToken"
                        : source.ClusterTrustBundle is not null ? "clusterTrustBundle"
                        : source.PodCertificate is not null ? "podCertificate" : "this";
                    throw new VolumeSetUpException($"projected {kind} sources are not supported by this kubelet (it projects configMap, secret and downwardAPI)");
                }
                foreach (var (path, file) in files)
                {
                    payload[path] = file;
                }
            }
            catch (VolumeSetUpException ex)
            {
                errors.Add(ex.Message);
            }
        }
        return errors.Count switch
        {
            0 => payload,
            1 => throw new VolumeSetUpException(errors[0]),
            _ => throw new VolumeSetUpException($"[{string.Join(", ", errors)}]"),
        };
    }

    /// <summary>The object, or null for an optional one that does not exist; any other failure fails the volume with its message.</summary>
    private static Task<T?> ReadOptionalAsync<T>(Func<Task<T>> read, bool optional)
        where T : class => ReferencedObjectRead.OptionalAsync(read, optional, ex => new VolumeSetUpException(ex.Message, ex));

    /// <summary>A projected volume written before (by this kubelet or the one before it), which containers may already use.</summary>
    private MountedVolume? SetUpEarlier(string uid, V1Volume volume)
    {
        var plugin = volume.ConfigMap is not null ? VolumeLayout.ConfigMap
            : volume.Secret is not null ? VolumeLayout.Secret
            : volume.DownwardAPI is not null ? VolumeLayout.DownwardApi
            : volume.Projected is not null ? VolumeLayout.Projected
            : null;
        if (plugin is null)
        {
            return null;
        }
        var dir = layout.VolumeDirectory(uid, plugin, volume.Name);
        return new FileInfo(Path.Combine(dir, AtomicWriter.DataDirName)).LinkTarget is null ? null : new MountedVolume(dir, ReadOnly: true);
    }

    private void Forget(string uid, string podDir)
    {
        foreach (var key in _written.Keys.Concat(_tmpfs.Keys).Where(k => k.StartsWith(podDir + "/", StringComparison.Ordinal)).ToList())
        {
            _written.TryRemove(key, out _);
            _tmpfs.TryRemove(key, out _);
        }
        foreach (var key in _hostPathsChecked.Keys.Where(k => k.StartsWith(uid + "/", StringComparison.Ordinal)).ToList())
        {
            _hostPathsChecked.TryRemove(key, out _);
        }
    }

    /// <summary>The volume's source field as the API names it (persistentVolumeClaim, nfs, ...).</summary>
    private static string SourceName(V1Volume volume)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(volume))?.AsObject();
        return json?.Select(p => p.Key).FirstOrDefault(k => k != "name") ?? "this";
    }
}
