using System.Net;

namespace ChaosLab.Lab.Docker;

/// <summary>
/// Everything the lab and the chaos engine ask of a container engine. The Docker implementation is
/// <see cref="DockerEngine"/>; nothing else in the lab talks to Docker.
/// </summary>
public interface IContainerEngine
{
    Task<bool> ImageExistsAsync(string reference, CancellationToken ct = default);

    Task ImportImageAsync(string tarPath, string repository, string tag, IReadOnlyList<string> changes, CancellationToken ct = default);

    Task RemoveImageAsync(string reference, CancellationToken ct = default);

    Task<IReadOnlyList<IPNetwork>> UsedSubnetsAsync(CancellationToken ct = default);

    Task<string> CreateNetworkAsync(NetworkRequest request, CancellationToken ct = default);

    Task RemoveNetworkAsync(string nameOrId, CancellationToken ct = default);

    Task<IReadOnlyList<LabeledObject>> ListNetworksAsync(string label, CancellationToken ct = default);

    /// <summary>
    /// Disconnects by force every endpoint still attached to the network, stale ones of containers that are gone included
    /// (like `docker network disconnect -f`); returns the names of the containers they belonged to.
    /// </summary>
    Task<IReadOnlyList<string>> DisconnectAllAsync(string network, CancellationToken ct = default);

    Task CreateContainerAsync(ContainerRequest request, CancellationToken ct = default);

    Task StartAsync(string container, CancellationToken ct = default);

    Task StopAsync(string container, TimeSpan grace, CancellationToken ct = default);

    Task KillAsync(string container, string signal = "KILL", CancellationToken ct = default);

    Task RestartAsync(string container, TimeSpan grace, CancellationToken ct = default);

    Task PauseAsync(string container, CancellationToken ct = default);

    Task UnpauseAsync(string container, CancellationToken ct = default);

    Task RemoveContainerAsync(string container, CancellationToken ct = default);

    Task<ExecResult> ExecAsync(string container, IReadOnlyList<string> command, CancellationToken ct = default);

    Task<string> LogsAsync(string container, int tail, CancellationToken ct = default);

    /// <summary>Copies a folder (or file) out of a container, running or stopped, into <paramref name="destination"/> (like `docker cp`).</summary>
    Task CopyFromAsync(string container, string path, string destination, CancellationToken ct = default);

    Task<ContainerInfo?> InspectAsync(string container, CancellationToken ct = default);

    Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(string label, CancellationToken ct = default);

    Task<long> MemoryUsageBytesAsync(string container, CancellationToken ct = default);

    Task<IReadOnlyList<LabeledObject>> ListVolumesAsync(string label, CancellationToken ct = default);

    Task RemoveVolumeAsync(string name, CancellationToken ct = default);
}

public sealed record NetworkRequest(string Name, IPNetwork Subnet, IPAddress Gateway, string BridgeName, IReadOnlyDictionary<string, string> Labels);

public sealed record ContainerRequest(
    string Name,
    string Hostname,
    string Image,
    string Network,
    IPAddress Address,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> ReadOnlyBinds,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<VolumeMount>? Volumes = null);

/// <summary>A named Docker volume mounted read-write; created with the container's labels when it does not exist.</summary>
public sealed record VolumeMount(string Name, string Target);

public enum ContainerState
{
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Dead,
    Removing,
    Unknown,
}

/// <summary>
/// A container as the engine reports it. <see cref="Pid"/> (its init process on the host, 0 when not
/// running) and <see cref="Endpoints"/> come only from <see cref="IContainerEngine.InspectAsync"/>.
/// </summary>
public sealed record ContainerInfo(string Id, string Name, ContainerState State, IReadOnlyDictionary<string, string> Labels, DateTimeOffset? StartedAt)
{
    public int Pid { get; init; }

    public IReadOnlyList<ContainerEndpoint> Endpoints { get; init; } = [];
}

/// <summary>The container's address and MAC on one network.</summary>
public sealed record ContainerEndpoint(string Network, IPAddress Address, string MacAddress);

public sealed record LabeledObject(string Id, string Name, IReadOnlyDictionary<string, string> Labels);

public sealed record ExecResult(long ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
