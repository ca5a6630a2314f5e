using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>
/// A container's volumeMounts as bind mounts for the runtime (upstream's makeMounts): each names a set-up volume; a
/// subPath (or subPathExpr, expanded from the container's environment) mounts one entry of it, made as a directory
/// when missing, and must stay inside the volume once every symlink is resolved (a container could otherwise plant a
/// link in an emptyDir that reaches the node's files). configMap, secret, downwardAPI and projected volumes are
/// always read-only.
/// </summary>
public static class ContainerMounts
{
    /// <exception cref="ContainerConfigException">A mount names no volume, or its subPath is not allowed.</exception>
    public static IReadOnlyList<ContainerMount> Plan(V1Container container, IReadOnlyDictionary<string, MountedVolume> volumes,
        IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(environment);
        var mounts = new List<ContainerMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume))
            {
                throw new ContainerConfigException($"cannot find volume \"{mount.Name}\" to mount into container \"{container.Name}\"");
            }
            var subPath = mount.SubPath;
            if (!string.IsNullOrEmpty(mount.SubPathExpr))
            {
                subPath = ExpandSubPath(mount.SubPathExpr, environment);
            }
            var hostPath = string.IsNullOrEmpty(subPath) ? volume.HostPath : SubPathOnHost(volume, subPath, mount.Name, container.Name);
            var containerPath = mount.MountPath.StartsWith('/') ? mount.MountPath : "/" + mount.MountPath;
            mounts.Add(new ContainerMount(containerPath, hostPath, mount.ReadOnlyProperty == true || volume.ReadOnly));
        }
        return mounts;
    }

    private static string ExpandSubPath(string expression, IReadOnlyDictionary<string, string> environment)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var expanded = VariableExpansion.Expand(expression, name =>
        {
            if (!environment.TryGetValue(name, out var value) || value.Length == 0)
            {
                missing.Add(name);
            }
            return value ?? "";
        });
        return missing.Count > 0 ? throw new ContainerConfigException($"missing value for {string.Join(", ", missing)}") : expanded;
    }

    /// <summary>
    /// The real path of the subPath inside the volume, made as a directory (with exactly the volume's mode, as upstream's
    /// SafeMakeDir) when missing. As upstream, a failure while making it says "create", one with what exists "prepare";
    /// neither says more, which could tell a container about the node's files.
    /// </summary>
    private static string SubPathOnHost(MountedVolume volume, string subPath, string mountName, string containerName)
    {
        if (subPath.StartsWith('/'))
        {
            throw new ContainerConfigException($"error SubPath `{subPath}` must not be an absolute path");
        }
        if (subPath.Split('/').Contains(".."))
        {
            throw new ContainerConfigException($"unable to provision SubPath `{subPath}`: must not contain '..'");
        }
        // Exists as stat(2) sees it, through links (.NET's Path.Exists is true for a dangling link).
        var refused = NativeMethods.RealPath(Path.Combine(volume.HostPath, subPath)) is not null
            ? new ContainerConfigException($"failed to prepare subPath for volumeMount \"{mountName}\" of container \"{containerName}\"")
            : new ContainerConfigException($"failed to create subPath directory for volumeMount \"{mountName}\" of container \"{containerName}\"");
        var root = NativeMethods.RealPath(volume.HostPath) ?? throw refused;
        var mode = File.GetUnixFileMode(root);
        var current = root;
        foreach (var part in subPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is null && !Path.Exists(next))
            {
                try
                {
                    Directory.CreateDirectory(next);
                    // Set after making it: mkdir's mode is cut by the umask, and a 0777 emptyDir must give a 0777 subPath.
                    File.SetUnixFileMode(next, mode);
                }
                catch (IOException)
                {
                    throw refused;
                }
            }
            // Each step is resolved and checked before the next is made, so nothing is ever created outside the volume.
            current = NativeMethods.RealPath(next) ?? throw refused;
            if (!Within(current, root))
            {
                throw refused;
            }
        }
        return current;
    }

    private static bool Within(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
}
