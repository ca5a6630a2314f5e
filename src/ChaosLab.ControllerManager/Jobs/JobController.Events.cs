using ChaosLab.Client.Informers;
using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Jobs;

/// <summary>
/// Informer events: which Job a pod change concerns, and what it tells the expectations.
/// </summary>
internal sealed partial class JobController
{
    private void Enqueue(V1Job job) => _queue.Add(ObjectKey.Of(job));

    /// <summary>A pod holding the tracking finalizer without a live Job to release it is checked on its own.</summary>
    private void EnqueueIfOrphan(V1Pod pod)
    {
        if (JobPods.HasTrackingFinalizer(pod) && OwnerJob(pod) is null)
        {
            _queue.Add(OrphanPodPrefix + ObjectKey.Of(pod));
        }
    }

    /// <summary>A deleted Job's pods may still hold the tracking finalizer.</summary>
    private void EnqueueOrphanedPods(V1Job job)
    {
        foreach (var pod in _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, job.Metadata.NamespaceProperty))
        {
            if (OwnerReferences.IsControlledBy(pod.Metadata, job.Metadata.Uid) && JobPods.HasTrackingFinalizer(pod))
            {
                _queue.Add(OrphanPodPrefix + ObjectKey.Of(pod));
            }
        }
    }

    private void OnPodAdded(V1Pod pod)
    {
        EnqueueIfOrphan(pod);
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // A restarted controller may first see a pod that is already terminating.
            OnPodDeleted(pod);
            return;
        }
        if (OwnerJob(pod) is { } jobKey)
        {
            _expectations.CreationObserved(jobKey);
            _queue.Add(jobKey);
            return;
        }
        EnqueueMatchingJobs(pod);
    }

    private void OnPodUpdated(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        EnqueueIfOrphan(pod);
        if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
        {
            // Graceful deletion starts: the pod stops counting now, not when it is finally gone.
            if (OwnerJob(pod) is { } deletingOwner)
            {
                _expectations.DeletionObserved(deletingOwner, ObjectKey.Of(pod));
            }
        }
        var oldOwner = OwnerJob(old);
        var newOwner = OwnerJob(pod);
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
            EnqueueMatchingJobs(pod);
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (OwnerJob(pod) is { } jobKey)
        {
            _expectations.DeletionObserved(jobKey, ObjectKey.Of(pod));
            _queue.Add(jobKey);
        }
    }

    /// <summary>The key of the cached Job that controls <paramref name="pod"/> (uid checked), if any.</summary>
    private string? OwnerJob(V1Pod pod)
    {
        var controllerRef = OwnerReferences.ControllerOf(pod.Metadata);
        if (controllerRef is not { Kind: "Job" })
        {
            return null;
        }
        var job = _jobs.Cache.Get(pod.Metadata.NamespaceProperty, controllerRef.Name);
        return job?.Metadata.Uid == controllerRef.Uid ? ObjectKey.Of(job) : null;
    }

    /// <summary>An orphan pod may be adopted by any Job in its namespace whose selector matches.</summary>
    private void EnqueueMatchingJobs(V1Pod pod)
    {
        foreach (var job in _jobs.Cache.ByIndex(InformerFactory.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (LabelSelectors.Matches(job.Spec?.Selector, pod.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(job));
            }
        }
    }
}
