using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Jobs;

/// <summary>How the job controller reads and builds its pods: the tracking finalizer, finish times, new pods from the template.</summary>
internal static class JobPods
{
    /// <summary>Keeps a finished pod until the controller has counted it in the Job's status.</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";

    public static bool HasTrackingFinalizer(V1Pod pod) => pod.Metadata?.Finalizers?.Contains(TrackingFinalizer) == true;

    /// <summary>
    /// A pod that counts as a failure: phase Failed, or (podReplacementPolicy TerminatingOrFailed, upstream's
    /// default) deleted before it succeeded.
    /// </summary>
    public static bool CountsAsFailed(V1Pod pod) =>
        pod.Status?.Phase == "Failed" || (PodState.IsTerminating(pod) && pod.Status?.Phase != "Succeeded");

    public static bool Succeeded(V1Pod pod) => pod.Status?.Phase == "Succeeded";

    /// <summary>Neither finished nor being deleted: the pods that count as active.</summary>
    public static bool IsActive(V1Pod pod) => PodState.IsActive(pod);

    /// <summary>When a pod finished: its containers' last finish, else its deletion, else <paramref name="fallback"/>.</summary>
    public static DateTimeOffset FinishedAt(V1Pod pod, DateTimeOffset fallback)
    {
        var finished = (pod.Status?.ContainerStatuses ?? [])
            .Select(s => s.State?.Terminated?.FinishedAt)
            .Where(t => t is not null)
            .Select(t => PodState.Utc(t!.Value))
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        if (finished != DateTimeOffset.MinValue) return finished;
        return pod.Metadata?.DeletionTimestamp is { } deleted ? PodState.Utc(deleted) : fallback;
    }

    /// <summary>Container restarts of a pod, init containers included (backoffLimit counts them for restartPolicy OnFailure).</summary>
    public static int Restarts(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Sum(s => s.RestartCount) + (pod.Status?.InitContainerStatuses ?? []).Sum(s => s.RestartCount);

    /// <summary>A new pod of <paramref name="job"/>: the template, the tracking finalizer and a controller reference.</summary>
    public static V1Pod NewPod(V1Job job)
    {
        var template = job.Spec?.Template ?? throw new InvalidOperationException($"job {job.Metadata.Name} has no pod template");
        var copy = ObjectJson.Clone(template);
        var finalizers = copy.Metadata?.Finalizers is { } existing ? new List<string>(existing) : [];
        if (!finalizers.Contains(TrackingFinalizer)) finalizers.Add(TrackingFinalizer);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = job.Metadata.Name + "-",
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = copy.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = finalizers,
                OwnerReferences = [OwnerReferences.ControllerRef(job.Metadata, "batch/v1", "Job")],
            },
            Spec = copy.Spec,
        };
    }
}
