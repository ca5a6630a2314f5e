using ChaosLab.ControllerManager.Jobs;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.Jobs;

/// <summary>Jobs and their pods in the shapes the job controller sees them.</summary>
internal static class JobObjects
{
    public const string JobUid = "job-uid";

    public static V1Job Job(int? completions = 1, int parallelism = 1, int backoffLimit = 6, V1JobStatus? status = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "work", NamespaceProperty = "default", Uid = JobUid },
        Spec = new V1JobSpec
        {
            Completions = completions,
            Parallelism = parallelism,
            BackoffLimit = backoffLimit,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = JobUid } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = JobUid, ["job-name"] = "work" } },
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "shell" }] },
            },
        },
        Status = status ?? new V1JobStatus { StartTime = Now.AddMinutes(-1).UtcDateTime },
    };

    /// <summary>A pod of the Job; finished pods carry a container finish time <paramref name="finishedSecondsAgo"/> before Now.</summary>
    public static V1Pod JobPod(string name, string phase = "Running", bool finalizer = true, int finishedSecondsAgo = 30)
    {
        var pod = Pod(name, ownerUid: JobUid, ready: phase == "Running", phase: phase,
            labels: new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = JobUid, ["job-name"] = "work" });
        pod.Metadata.OwnerReferences[0].Kind = "Job";
        pod.Metadata.OwnerReferences[0].ApiVersion = "batch/v1";
        pod.Metadata.Finalizers = finalizer ? [JobPods.TrackingFinalizer] : null;
        if (phase is "Succeeded" or "Failed")
        {
            pod.Status.ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "c", Image = "shell", ImageID = "", Ready = false, RestartCount = 0,
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = phase == "Failed" ? 1 : 0, FinishedAt = Now.AddSeconds(-finishedSecondsAgo).UtcDateTime } },
                },
            ];
        }
        return pod;
    }
}
