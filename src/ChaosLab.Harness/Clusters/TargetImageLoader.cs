using ChaosLab.Lab;
using ChaosLab.Lab.Image;
using k8s;

namespace ChaosLab.Harness.Clusters;

/// <summary>
/// Before a run against a cluster given by kubeconfig: loads the catalog's images into every node of it that is a Docker
/// container running containerd (kind, k3d and ChaosLab's own nodes are), as `chaoslab load-image` does for a lab. A
/// bundled lab has them loaded by `up`; with CHAOSLAB_IMAGE_PREFIX set the cluster pulls them and nothing is loaded.
/// </summary>
public sealed class TargetImageLoader(IImageEngine images, ILabProgress progress)
{
    /// <returns>The nodes loaded into; empty when nothing needed loading.</returns>
    /// <exception cref="LabException">A node is not a Docker container here (then name a registry with CHAOSLAB_IMAGE_PREFIX), or an import failed (naming the node).</exception>
    public async Task<IReadOnlyList<string>> LoadAsync(ClusterTarget target, string? prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Owned)
        {
            return [];
        }
        if (prefix is { Length: > 0 })
        {
            progress.Detail($"{CatalogImages.PrefixVariable}={prefix}: the cluster pulls the catalog's images from there; nothing loaded");
            return [];
        }
        var nodes = await NodesAsync(target, ct);
        await new WorkloadImages(target.Engine, images, progress).EnsureAsync(ct: ct);
        await new ImageLoader(target.Engine, images, progress).LoadAsync(WorkloadImages.All, nodes, ct);
        return [.. nodes.Select(n => n.Node)];
    }

    /// <summary>Every Kubernetes node of the target with its Docker container; all of them must have one.</summary>
    private static async Task<IReadOnlyList<ImageTarget>> NodesAsync(ClusterTarget target, CancellationToken ct)
    {
        var found = new List<ImageTarget>();
        var missing = new List<string>();
        foreach (var node in (await target.Api.CoreV1.ListNodeAsync(cancellationToken: ct)).Items)
        {
            try
            {
                found.Add(new ImageTarget(node.Metadata.Name, await target.ContainerOfAsync(node.Metadata.Name, ct)));
            }
            catch (InvalidOperationException)
            {
                missing.Add(node.Metadata.Name);
            }
        }
        if (missing.Count > 0 || found.Count == 0)
        {
            throw new LabException(
                $"the catalog's images cannot be loaded into {target.Describe()}: {(found.Count == 0 ? "it has no node" : $"node(s) {string.Join(", ", missing)} are not")} Docker containers on this machine. " +
                $"Push chaoslab/echo, chaoslab/shell and chaoslab/pause to a registry the cluster pulls from and set {CatalogImages.PrefixVariable} (see README, \"Another cluster\")");
        }
        return found;
    }
}
