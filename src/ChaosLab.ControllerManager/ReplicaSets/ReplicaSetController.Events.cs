using ChaosLab.Client.Informers;
using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>
/// Informer events: which ReplicaSet a pod change concerns, and what it tells the expectations.
/// </summary>
internal sealed partial class ReplicaSetController
{
    private void Enqueue(V1ReplicaSet rs) => _queue.Add(ObjectKey.Of(rs));

    private void OnPodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // A restarted controller may first see a pod that is already terminating.
            OnPodDeleted(pod);
            return;
        }
        if (OwnerReplicaSet(pod) is { } rsKey)
        {
            _expectations.CreationObserved(rsKey);
            _queue.Add(rsKey);
            return;
        }
        EnqueueMatchingReplicaSets(pod);
    }

    private void OnPodUpdated(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
        {
            // Graceful deletion starts: the pod stops counting now, not when it is finally gone.
            if (OwnerReplicaSet(pod) is { } deletingOwner)
            {
                _expectations.DeletionObserved(deletingOwner, ObjectKey.Of(pod));
            }
        }
        var oldOwner = OwnerReplicaSet(old);
        var newOwner = OwnerReplicaSet(pod);
        if (oldOwner is not null && oldOwner != newOwner)
        {
            _queue.Add(oldOwner);
        }
        if (newOwner is not null)
        {
            _queue.Add(newOwner);
            return;
        }
        var labelsChanged = !ObjectJson.SemanticallyEqual(old.Metadata.Labels, pod.Metadata.Labels);
        if (labelsChanged || oldOwner is not null)
        {
            EnqueueMatchingReplicaSets(pod);
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (OwnerReplicaSet(pod) is { } rsKey)
        {
            _expectations.DeletionObserved(rsKey, ObjectKey.Of(pod));
            _queue.Add(rsKey);
        }
    }

    /// <summary>The key of the cached ReplicaSet that controls <paramref name="pod"/> (uid checked), if any.</summary>
    private string? OwnerReplicaSet(V1Pod pod)
    {
        var controllerRef = OwnerReferences.ControllerOf(pod.Metadata);
        if (controllerRef is not { Kind: "ReplicaSet" })
        {
            return null;
        }
        var rs = _replicaSets.Cache.Get(pod.Metadata.NamespaceProperty, controllerRef.Name);
        return rs?.Metadata.Uid == controllerRef.Uid ? ObjectKey.Of(rs) : null;
    }

    /// <summary>An orphan pod may be adopted by any ReplicaSet in its namespace whose selector matches.</summary>
    private void EnqueueMatchingReplicaSets(V1Pod pod)
    {
        foreach (var rs in _replicaSets.Cache.ByIndex(InformerFactory.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (LabelSelectors.Matches(rs.Spec?.Selector, pod.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(rs));
            }
        }
    }
}
