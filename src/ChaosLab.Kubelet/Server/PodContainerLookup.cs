using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Finds what logs and exec act on, as upstream's kubelet does: the pod among those bound to this node, the
/// container in its spec, then the container's latest instance in the runtime. Refusals carry upstream's messages.
/// </summary>
public sealed class PodContainerLookup(Func<string, string, V1Pod?> pods, IRuntimeService runtime, WorkloadLauncher launcher)
{
    public (V1Pod Pod, ContainerStatus? Latest) Find(string ns, string podName, string container)
    {
        var pod = pods(ns, podName) ?? throw KubeletRequestException.NotFound($"pod \"{podName}\" does not exist");
        if (pod.Spec.Containers.All(c => c.Name != container))
        {
            throw KubeletRequestException.NotFound($"container \"{container}\" not found in pod \"{podName}\"");
        }
        var latest = runtime.ListPodSandboxes()
            .Where(s => s.Config.PodUid == pod.Metadata.Uid)
            .SelectMany(s => runtime.ListContainers(s.Id))
            .Where(c => c.Config.Name == container)
            .MaxBy(c => c.CreatedAt);
        return (pod, latest);
    }

    /// <summary>The log file to read and whether its writer still runs; the previous instance's file for `previous`.</summary>
    public (string Path, Func<bool> Running) LogSource(string ns, string podName, string container, bool previous)
    {
        var (pod, latest) = Find(ns, podName, container);
        if (previous)
        {
            var path = latest is { Config.Attempt: > 0 } current
                ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(current.Config.LogPath)!, $"{current.Config.Attempt - 1}.log")
                : null;
            if (path is null || !File.Exists(path))
            {
                throw KubeletRequestException.BadRequest($"previous terminated container \"{container}\" in pod \"{podName}\" not found");
            }
            return (path, () => false);
        }
        if (latest is null)
        {
            var waiting = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container)?.State?.Waiting?.Reason ?? "ContainerCreating";
            throw KubeletRequestException.BadRequest(waiting switch
            {
                "ErrImagePull" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: image can't be pulled",
                "ImagePullBackOff" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: trying and failing to pull image",
                _ => $"container \"{container}\" in pod \"{podName}\" is waiting to start: {waiting}",
            });
        }
        var id = latest.Id;
        return (latest.Config.LogPath, () => runtime.ContainerStatus(id) is { State: ContainerRunState.Running });
    }

    /// <summary>Where an exec runs: the running container's network namespace, environment and working directory.</summary>
    public ExecTarget ExecTarget(string ns, string podName, string container)
    {
        var (_, latest) = Find(ns, podName, container);
        if (latest is not { State: ContainerRunState.Running } running
            || runtime.PodSandboxStatus(running.SandboxId) is not { Ready: true } sandbox)
        {
            throw KubeletRequestException.BadRequest($"container \"{container}\" in pod \"{podName}\" is not running");
        }
        return new ExecTarget(sandbox.NetnsName, launcher.Environment(running.Config), WorkingDirectory(running.Pid));
    }

    private static string WorkingDirectory(int? pid)
    {
        try
        {
            return pid is { } p && new DirectoryInfo($"/proc/{p}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName is { } cwd && Directory.Exists(cwd) ? cwd : "/";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "/";
        }
    }
}
