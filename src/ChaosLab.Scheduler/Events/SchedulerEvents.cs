using k8s.Models;

namespace ChaosLab.Scheduler.Events;

/// <summary>The events kube-scheduler emits, with its reasons and wording.</summary>
public static class SchedulerEvents
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public static void Scheduled(this IEventRecorder recorder, V1Pod pod, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(pod);
        recorder.Record(pod, Normal, "Scheduled", "Binding",
            $"Successfully assigned {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} to {nodeName}");
    }

    public static void FailedScheduling(this IEventRecorder recorder, V1Pod pod, string message)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Record(pod, Warning, "FailedScheduling", "Scheduling", message);
    }
}
