using k8s.Models;

namespace ChaosLab.Scheduler.Events;

/// <summary>Records a Kubernetes Event about a pod. Fire and forget: recording never blocks or fails scheduling.</summary>
public interface IEventRecorder
{
    void Record(V1Pod pod, string type, string reason, string action, string message);
}
