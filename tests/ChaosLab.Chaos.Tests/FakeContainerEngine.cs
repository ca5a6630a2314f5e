using System.Net;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// A container engine that knows a few running containers and only answers inspections: any call that
/// would change something is recorded and refused, so a unit test sees whether a fault touched anything.
/// The containers report PID 0, so nothing can nsenter into a real namespace either.
/// </summary>
public sealed class FakeContainerEngine(params string[] containers) : IContainerEngine
{
    private readonly List<string> _changes = [];

    public IReadOnlyList<string> Changes => _changes;

    public Task<ContainerInfo?> InspectAsync(string container, CancellationToken ct = default)
    {
        var index = Array.IndexOf(containers, container);
        return Task.FromResult(index < 0
            ? null
            : new ContainerInfo($"id-{container}", container, ContainerState.Running, new Dictionary<string, string>(), DateTimeOffset.UtcNow)
            {
                Pid = 0,
                Endpoints = [new ContainerEndpoint("net", IPAddress.Parse($"192.0.2.{index + 10}"), $"02:42:c0:00:02:{index + 10:x2}")],
            });
    }

    public Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(string label, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ContainerInfo>>([]);

    public Task<ExecResult> ExecAsync(string container, IReadOnlyList<string> command, CancellationToken ct = default) => Refuse<ExecResult>($"exec {container} {string.Join(' ', command)}");

    public Task StartAsync(string container, CancellationToken ct = default) => Refuse($"start {container}");

    public Task StopAsync(string container, TimeSpan grace, CancellationToken ct = default) => Refuse($"stop {container}");

    public Task KillAsync(string container, string signal = "KILL", CancellationToken ct = default) => Refuse($"kill {container}");

    public Task RestartAsync(string container, TimeSpan grace, CancellationToken ct = default) => Refuse($"restart {container}");

    public Task PauseAsync(string container, CancellationToken ct = default) => Refuse($"pause {container}");

    public Task UnpauseAsync(string container, CancellationToken ct = default) => Refuse($"unpause {container}");

    public Task RemoveContainerAsync(string container, CancellationToken ct = default) => Refuse($"remove {container}");

    public Task<bool> ImageExistsAsync(string reference, CancellationToken ct = default) => Task.FromResult(false);

    public Task ImportImageAsync(string tarPath, string repository, string tag, IReadOnlyList<string> changes, CancellationToken ct = default) => Refuse("import image");

    public Task RemoveImageAsync(string reference, CancellationToken ct = default) => Refuse("remove image");

    public Task<IReadOnlyList<IPNetwork>> UsedSubnetsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<IPNetwork>>([]);

    public Task<string> CreateNetworkAsync(NetworkRequest request, CancellationToken ct = default) => Refuse<string>("create network");

    public Task RemoveNetworkAsync(string nameOrId, CancellationToken ct = default) => Refuse("remove network");

    public Task<IReadOnlyList<LabeledObject>> ListNetworksAsync(string label, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<LabeledObject>>([]);

    public Task<IReadOnlyList<string>> DisconnectAllAsync(string network, CancellationToken ct = default) => Refuse<IReadOnlyList<string>>($"disconnect all from {network}");

    public Task CreateContainerAsync(ContainerRequest request, CancellationToken ct = default) => Refuse("create container");

    public Task<string> LogsAsync(string container, int tail, CancellationToken ct = default) => Task.FromResult("");

    public Task CopyFromAsync(string container, string path, string destination, CancellationToken ct = default) => Refuse("copy from a container");

    public Task<long> MemoryUsageBytesAsync(string container, CancellationToken ct = default) => Task.FromResult(0L);

    public Task<IReadOnlyList<LabeledObject>> ListVolumesAsync(string label, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<LabeledObject>>([]);

    public Task RemoveVolumeAsync(string name, CancellationToken ct = default) => Refuse("remove volume");

    private Task Refuse(string change) => Refuse<bool>(change);

    private Task<T> Refuse<T>(string change)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }
        return Task.FromException<T>(new InvalidOperationException($"the fake engine refuses: {change}"));
    }
}
