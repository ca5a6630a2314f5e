using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Finds what logs, exec, attach and port-forward act on, as upstream's kubelet does: the pod among those bound to
/// this node, the container in its spec, then the container's latest instance in the runtime. Refusals carry
/// upstream's messages.
/// </summary>
public sealed class PodContainerLookup(Func<string, string, V1Pod?> pods, IRuntimeService runtime)
{
    public IRuntimeService Runtime => runtime;

    public async Task<(V1Pod Pod, ContainerStatus? Latest, ContainerStatus? Previous)> FindAsync(string ns, string podName, string container, CancellationToken ct)
    {
        var pod = FindPod(ns, podName);
        if (pod.Spec.Containers.All(c => c.Name != container))
        {
            throw KubeletRequestException.NotFound($"container \"{container}\" not found in pod \"{podName}\"");
        }
        var instances = new List<ContainerStatus>();
        foreach (var sandbox in await runtime.ListPodSandboxesAsync(pod.Metadata.Uid, ct))
        {
            instances.AddRange((await runtime.ListContainersAsync(sandbox.Id, ct)).Where(c => c.Name == container));
        }
        var ordered = instances.OrderByDescending(c => (c.Attempt, c.CreatedAt)).ToList();
        return (pod, ordered.ElementAtOrDefault(0), ordered.ElementAtOrDefault(1));
    }

    /// <summary>The log file to read and the container whose state says whether more may come; the previous instance's for `previous`.</summary>
    public async Task<(string Path, string ContainerId)> LogSourceAsync(string ns, string podName, string container, bool previous, CancellationToken ct)
    {
        var (pod, latest, before) = await FindAsync(ns, podName, container, ct);
        if (previous)
        {
            return before is { } old && File.Exists(old.LogPath)
                ? (old.LogPath, old.Id)
                : throw KubeletRequestException.BadRequest($"previous terminated container \"{container}\" in pod \"{podName}\" not found");
        }
        if (latest is null)
        {
            var waiting = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container)?.State?.Waiting?.Reason ?? "ContainerCreating";
            throw KubeletRequestException.BadRequest(waiting switch
            {
                "ErrImagePull" or "ErrImageNeverPull" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: image can't be pulled",
                "ImagePullBackOff" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: trying and failing to pull image",
                _ => $"container \"{container}\" in pod \"{podName}\" is waiting to start: {waiting}",
            });
        }
        return (latest.LogPath, latest.Id);
    }

    /// <summary>The running container an exec or attach goes to.</summary>
    public async Task<string> RunningContainerAsync(string ns, string podName, string container, CancellationToken ct)
    {
        var (_, latest, _) = await FindAsync(ns, podName, container, ct);
        return latest is { State: ContainerRunState.Running } running
            ? running.Id
            : throw KubeletRequestException.BadRequest($"container \"{container}\" in pod \"{podName}\" is not running");
    }

    /// <summary>Whether the container's spec gives it a tty; an attach takes the terminal the container was started with.</summary>
    public bool ContainerTty(string ns, string podName, string container) =>
        FindPod(ns, podName).Spec.Containers.FirstOrDefault(c => c.Name == container)?.Tty == true;

    /// <summary>The pod's ready sandbox, which a port-forward enters.</summary>
    public async Task<string> ReadySandboxAsync(string ns, string podName, CancellationToken ct)
    {
        var pod = FindPod(ns, podName);
        return (await runtime.ListPodSandboxesAsync(pod.Metadata.Uid, ct)).Where(s => s.Ready).MaxBy(s => s.CreatedAt)?.Id
            ?? throw KubeletRequestException.BadRequest($"pod \"{podName}\" has no running sandbox");
    }

    private V1Pod FindPod(string ns, string podName) =>
        pods(ns, podName) ?? throw KubeletRequestException.NotFound($"pod \"{podName}\" does not exist");
}
