namespace ChaosLab.Kubelet.Runtime;

/// <summary>
/// The kubelet's view of the container runtime, CRI's RuntimeService and ImageService in the kubelet's own
/// terms: pod sandboxes (the pod's namespaces, network and cgroup) and containers inside them, images,
/// and the URLs of the runtime's streaming server for exec, attach and port-forward.
/// </summary>
public interface IRuntimeService
{
    /// <summary>Whether the runtime and its network plugin are ready; the reasons when not.</summary>
    Task<RuntimeReadiness> StatusAsync(CancellationToken ct);

    Task<SandboxStatus> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct);

    Task StopPodSandboxAsync(string sandboxId, CancellationToken ct);

    Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct);

    /// <summary>Every sandbox the kubelet created, or those of one pod.</summary>
    Task<IReadOnlyList<SandboxStatus>> ListPodSandboxesAsync(string? podUid, CancellationToken ct);

    /// <summary>
    /// Every sandbox and container of every pod with its state, in one list call each and no status calls: what the
    /// kubelet compares from one second to the next to find the pods whose containers changed.
    /// </summary>
    Task<IReadOnlyList<RuntimeEntry>> RelistAsync(CancellationToken ct);

    Task<string> CreateContainerAsync(SandboxStatus sandbox, ContainerConfig config, CancellationToken ct);

    Task StartContainerAsync(string containerId, CancellationToken ct);

    Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken ct);

    Task RemoveContainerAsync(string containerId, CancellationToken ct);

    Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken ct);

    /// <summary>The containers of one sandbox with their full status (exit codes, reasons, times).</summary>
    Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string sandboxId, CancellationToken ct);

    /// <summary>The image in the runtime's store, or null when the store lacks it.</summary>
    Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken ct);

    /// <summary>Runs a command in a running container to completion (exec probes).</summary>
    Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct);

    Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, Server.StreamSelection streams, CancellationToken ct);

    Task<Uri> AttachUrlAsync(string containerId, Server.StreamSelection streams, CancellationToken ct);

    Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken ct);
}

/// <summary>One sandbox or container as a relist shows it: whose pod, which one, in what state.</summary>
public sealed record RuntimeEntry(string PodUid, string Id, string State);

public sealed record RuntimeReadiness(bool RuntimeReady, bool NetworkReady, string? Reason);

/// <summary>
/// A pod's sandbox as the kubelet asks for it. Privileged when any of the pod's containers is: containerd refuses
/// a privileged container in an unprivileged sandbox. Hostname defaults to the pod's name; Dns, when set, is the
/// resolv.conf the runtime writes for the sandbox's containers (else the runtime copies the node's).
/// </summary>
public sealed record SandboxConfig(
    string PodUid,
    string Name,
    string Namespace,
    IReadOnlyDictionary<string, string> Labels,
    int Attempt = 0,
    bool HostNetwork = false,
    bool HostPid = false,
    bool HostIpc = false,
    bool Privileged = false,
    string? Hostname = null,
    Pods.ResolvConf? Dns = null);

public sealed record SandboxStatus(string Id, SandboxConfig Config, string? Ip, DateTimeOffset CreatedAt, bool Ready)
{
    /// <summary>Where the runtime writes this pod's container logs: /var/log/pods/NS_NAME_UID.</summary>
    public string LogDirectory => ContainerLogs.PodDirectory(Config.Namespace, Config.Name, Config.PodUid);
}

public sealed record ContainerConfig(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    int Attempt,
    string? WorkingDirectory = null,
    bool Stdin = false,
    bool Tty = false,
    ContainerResources? Resources = null,
    ContainerSecurity? Security = null,
    IReadOnlyList<ContainerMount>? Mounts = null,
    bool StdinOnce = false)
{
    /// <summary>The log file, relative to the sandbox's log directory: NAME/ATTEMPT.log as upstream lays them out.</summary>
    public string LogPath => ContainerLogs.RelativePath(Name, Attempt);
}

/// <summary>A bind mount of a path on the node (a volume's directory, a file in it, a hostPath) into the container.</summary>
public sealed record ContainerMount(string ContainerPath, string HostPath, bool ReadOnly);

/// <summary>Linux resources from the container's requests and limits; null fields are not set.</summary>
public sealed record ContainerResources(long? CpuQuota, long? CpuPeriod, long? CpuShares, long? MemoryLimitBytes, long? OomScoreAdj = null);

/// <summary>The container's security context as CRI takes it.</summary>
public sealed record ContainerSecurity(
    bool Privileged = false,
    long? RunAsUser = null,
    long? RunAsGroup = null,
    bool ReadOnlyRootFilesystem = false,
    IReadOnlyList<string>? AddCapabilities = null,
    IReadOnlyList<string>? DropCapabilities = null,
    bool NoNewPrivileges = false);

public enum ContainerRunState
{
    Created,
    Running,
    Exited,
    Unknown,
}

public sealed record ContainerStatus(
    string Id,
    string SandboxId,
    string Name,
    int Attempt,
    string Image,
    string ImageId,
    ContainerRunState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    string? Reason,
    string? Message,
    string LogPath);

/// <summary>An image in the runtime's store: its id and the user it runs as (a uid, or a name the image's passwd resolves).</summary>
public sealed record ImageInfo(string Id, long? Uid, string? Username);

public sealed record ExecResult(int ExitCode, string Stdout, string Stderr);

