using System.Collections.Concurrent;
using ChaosLab.Scheduler.Events;
using k8s.Models;

namespace ChaosLab.Scheduler.Tests.Support;

internal sealed class RecordingEvents : IEventRecorder
{
    public ConcurrentQueue<(string Pod, string Type, string Reason, string Message)> Events { get; } = new();

    public void Record(V1Pod pod, string type, string reason, string action, string message) =>
        Events.Enqueue((pod.Metadata.Name, type, reason, message));
}
