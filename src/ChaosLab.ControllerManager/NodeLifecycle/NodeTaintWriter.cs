using ChaosLab.Client;
using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// Changes a node's taints the way upstream's AddOrUpdateTaintOnNode/RemoveTaintOffNode do:
/// read the node fresh, change its taints, write it back guarded by resourceVersion, retry on conflict
/// (the kubelet writes the same object all the time).
/// </summary>
internal static class NodeTaintWriter
{
    private const int Attempts = 5;

    /// <returns>True if the node's taints were changed.</returns>
    public static Task<bool> ApplyAsync(IKubernetes client, TaintChange change, DateTimeOffset now, CancellationToken ct) =>
        ApplyAsync(client, change.Node, node => NodeTaints.Swap(node.Spec?.Taints, change.Add, change.Remove, now), ct);

    /// <param name="newTaints">From the freshly read node, its new taints; null when nothing is to change.</param>
    public static async Task<bool> ApplyAsync(IKubernetes client, string nodeName, Func<V1Node, List<V1Taint>?> newTaints, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            V1Node node;
            try
            {
                node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                return false;
            }
            var taints = newTaints(node);
            if (taints is null)
            {
                return false;
            }
            node.Spec ??= new V1NodeSpec();
            node.Spec.Taints = taints;
            try
            {
                await client.CoreV1.ReplaceNodeAsync(node, nodeName, cancellationToken: ct);
                return true;
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex) && attempt < Attempts)
            {
            }
        }
    }
}
