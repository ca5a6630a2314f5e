using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>Computes a pod's status from what the runtime runs: phase, conditions, container states, IPs.</summary>
public static class PodStatusBuilder
{
    public static V1PodStatus Build(V1Pod pod, PodState state, SandboxStatus? sandbox,
        IReadOnlyList<ContainerReport> containers, string hostIp, string? pendingMessage)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(containers);
        var statuses = containers.Select(c => ContainerStatusOf(c.Spec, c.Latest, c.Waiting, c.WaitingMessage, state)).ToList();
        var allReady = statuses.Count > 0 && statuses.All(s => s.Ready);
        var phase = Phase(pod, containers);
        var sandboxReady = sandbox?.Ready == true;
        // A hostNetwork pod has the node's address, as upstream reports it (the runtime gives its sandbox none).
        var podIp = sandbox?.Ip ?? (sandbox is not null && pod.Spec.HostNetwork == true ? hostIp : null);
        var conditions = new List<V1PodCondition>
        {
            Condition(state, "PodReadyToStartContainers", sandboxReady),
            Condition(state, "Initialized", true),
            Condition(state, "Ready", allReady, allReady ? null : "ContainersNotReady", allReady ? null : NotReadyMessage(statuses)),
            Condition(state, "ContainersReady", allReady, allReady ? null : "ContainersNotReady", allReady ? null : NotReadyMessage(statuses)),
            Condition(state, "PodScheduled", true),
        };
        return new V1PodStatus
        {
            Phase = phase,
            Conditions = conditions,
            ContainerStatuses = statuses,
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            PodIP = podIp,
            PodIPs = podIp is { } ip ? [new V1PodIP { Ip = ip }] : null,
            StartTime = state.StartTime,
            QosClass = pod.Status?.QosClass,
            Message = pendingMessage,
        };
    }

    private static string Phase(V1Pod pod, IReadOnlyList<ContainerReport> containers)
    {
        var latest = containers.Select(c => c.Latest).ToList();
        if (latest.Count == 0 || latest.Any(c => c is null))
        {
            return latest.Any(c => c?.State == ContainerRunState.Running) ? "Running" : "Pending";
        }
        if (latest.Any(c => c!.State == ContainerRunState.Running))
        {
            return "Running";
        }
        var policy = pod.Spec.RestartPolicy ?? "Always";
        if (policy == "Always")
        {
            return "Running"; // exited containers are being restarted
        }
        if (latest.All(c => c!.State == ContainerRunState.Exited))
        {
            if (latest.All(c => c!.ExitCode == 0))
            {
                return "Succeeded";
            }
            return policy == "Never" ? "Failed" : "Running";
        }
        return "Pending";
    }

    private static V1ContainerStatus ContainerStatusOf(V1Container spec, ContainerStatus? latest, string? waiting, string? waitingMessage, PodState state)
    {
        var ready = latest?.State == ContainerRunState.Running && waiting is null
            && (spec.ReadinessProbe is null || state.Readiness.GetValueOrDefault(spec.Name)?.Result == true);
        var status = new V1ContainerStatus
        {
            Name = spec.Name,
            Image = spec.Image,
            ImageID = latest?.ImageId ?? "",
            ContainerID = latest is null ? null : ContainerId(latest),
            Ready = ready,
            Started = latest?.State == ContainerRunState.Running,
            RestartCount = latest?.Attempt ?? 0,
            State = new V1ContainerState(),
        };
        if (waiting is not null || latest is null)
        {
            status.State.Waiting = new V1ContainerStateWaiting { Message = waitingMessage, Reason = waiting ?? "ContainerCreating" };
            if (latest is { State: ContainerRunState.Exited })
            {
                status.LastState = new V1ContainerState { Terminated = Terminated(latest) };
            }
        }
        else if (latest.State == ContainerRunState.Running)
        {
            status.State.Running = new V1ContainerStateRunning { StartedAt = latest.StartedAt?.UtcDateTime };
        }
        else if (latest.State == ContainerRunState.Exited)
        {
            status.State.Terminated = Terminated(latest);
        }
        return status;
    }

    private static V1ContainerStateTerminated Terminated(ContainerStatus c) =>
        new()
        {
            ExitCode = c.ExitCode ?? 137, ContainerID = ContainerId(c), FinishedAt = c.FinishedAt?.UtcDateTime, Reason = c.Reason, Message = c.Message,
            StartedAt = c.StartedAt?.UtcDateTime,
        };

    /// <summary>The runtime-qualified id, as upstream reports it: containerd://ID.</summary>
    public static string ContainerId(ContainerStatus c) => $"containerd://{c?.Id}";

    private static string NotReadyMessage(List<V1ContainerStatus> statuses) =>
        $"containers with unready status: [{string.Join(' ', statuses.Where(s => !s.Ready).Select(s => s.Name))}]";

    private static V1PodCondition Condition(PodState state, string type, bool ok, string? reason = null, string? message = null)
    {
        var status = ok ? "True" : "False";
        if (!state.Conditions.TryGetValue(type, out var previous) || previous.Status != status)
        {
            state.Conditions[type] = previous = (status, DateTime.UtcNow);
        }
        return new V1PodCondition { Status = status, Type = type, LastTransitionTime = previous.Since, Message = message, Reason = reason };
    }
}
