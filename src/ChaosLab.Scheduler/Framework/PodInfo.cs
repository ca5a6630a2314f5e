using ChaosLab.Client.Informers;
using k8s.Models;

namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// A pod with what the plugins read from it computed once (upstream's framework.PodInfo): parsing
/// quantities for every node in every cycle would dominate the scheduling time.
/// </summary>
public sealed class PodInfo
{
    public PodInfo(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        Pod = pod;
        Key = ObjectKey.Of(pod);
        Requests = PodRequests.Of(pod);
        NonZeroRequests = PodRequests.NonZeroOf(pod);
        OwnerUid = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;
    }

    public V1Pod Pod { get; }

    /// <summary>"namespace/name".</summary>
    public string Key { get; }

    public ResourceAmounts Requests { get; }

    public ResourceAmounts NonZeroRequests { get; }

    /// <summary>UID of the controlling owner (ReplicaSet, StatefulSet, ...), if any; spreading groups by it.</summary>
    public string? OwnerUid { get; }

    public string Name => Pod.Metadata.Name;

    public string? Namespace => Pod.Metadata.NamespaceProperty;

    public override string ToString() => Key;
}
