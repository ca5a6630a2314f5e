namespace ChaosLab.Kubelet.Runtime;

/// <summary>
/// The kubelet's view of a container runtime, shaped like CRI's RuntimeService: pod sandboxes (a network
/// namespace with the pod's IP) and containers (processes) inside them.
/// </summary>
public interface IRuntimeService
{
    Task<SandboxStatus> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct);

    Task StopPodSandboxAsync(string sandboxId, CancellationToken ct);

    Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct);

    SandboxStatus? PodSandboxStatus(string sandboxId);

    Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, CancellationToken ct);

    Task StartContainerAsync(string containerId, CancellationToken ct);

    Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken ct);

    Task RemoveContainerAsync(string containerId, CancellationToken ct);

    ContainerStatus? ContainerStatus(string containerId);

    IReadOnlyList<ContainerStatus> ListContainers(string? sandboxId = null);

    IReadOnlyList<SandboxStatus> ListPodSandboxes();
}

public sealed record SandboxConfig(string PodUid, string Name, string Namespace, IReadOnlyDictionary<string, string> Labels);

public sealed record SandboxStatus(string Id, SandboxConfig Config, string NetnsName, string? Ip, DateTimeOffset CreatedAt, bool Ready);

public sealed record ContainerConfig(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string LogPath,
    int Attempt);

public enum ContainerRunState
{
    Created,
    Running,
    Exited,
}

public sealed record ContainerStatus(
    string Id,
    string SandboxId,
    ContainerConfig Config,
    ContainerRunState State,
    int? Pid,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    string? Reason);
