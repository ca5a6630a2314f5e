using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChaosLab.Network;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Runtime;

/// <summary>
/// The built-in runtime: a sandbox is a network namespace wired by the bridge plugin; a container is a
/// process started in that namespace (`chaoslab-node workload IMAGE ...`) in its own session, so it
/// outlives a kubelet restart. State is saved under the root directory and re-adopted on start.
/// </summary>
public sealed class ProcessRuntime : IRuntimeService
{
    private readonly string _stateDir;
    private readonly Func<BridgePlugin?> _network;
    private readonly WorkloadLauncher _launcher;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SandboxRecord> _sandboxes = new();
    private readonly ConcurrentDictionary<string, ContainerRecord> _containers = new();
    private readonly ConcurrentDictionary<string, Process> _children = new();
    private readonly object _saveGate = new();

    public ProcessRuntime(string rootDir, Func<BridgePlugin?> network, WorkloadLauncher launcher, ILogger logger)
    {
        _stateDir = Path.Combine(rootDir, "runtime");
        _network = network;
        _launcher = launcher;
        _logger = logger;
        Directory.CreateDirectory(_stateDir);
        Load();
    }

    public async Task<SandboxStatus> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        var id = "sb-" + Hash(config.PodUid);
        if (_sandboxes.TryGetValue(id, out var existing) && existing.Ready && NetworkNamespace.Exists(existing.Netns))
        {
            return existing.ToStatus();
        }
        var network = _network() ?? throw new InvalidOperationException("the pod network is not ready: this node has no podCIDR yet");
        var netns = "cl-" + Hash(config.PodUid)[..10];
        if (!NetworkNamespace.Exists(netns))
        {
            await NetworkNamespace.CreateAsync(netns, ct);
        }
        var result = await network.AddAsync(config.PodUid, NetworkNamespace.PathOf(netns), ct: ct);
        var record = new SandboxRecord(id, config, netns, result.Ip.ToString(), DateTimeOffset.UtcNow, Ready: true);
        _sandboxes[id] = record;
        Save();
        _logger.LogInformation("sandbox {Id} for {Ns}/{Pod}: netns {Netns}, IP {Ip}", id, config.Namespace, config.Name, netns, result.Ip);
        return record.ToStatus();
    }

    public async Task StopPodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        if (!_sandboxes.TryGetValue(sandboxId, out var sandbox))
        {
            return;
        }
        foreach (var c in _containers.Values.Where(c => c.SandboxId == sandboxId && c.State == ContainerRunState.Running))
        {
            await StopContainerAsync(c.Id, TimeSpan.Zero, ct);
        }
        if (_network() is { } network)
        {
            await network.DelAsync(sandbox.Config.PodUid, NetworkNamespace.Exists(sandbox.Netns) ? NetworkNamespace.PathOf(sandbox.Netns) : null, ct: ct);
        }
        if (NetworkNamespace.Exists(sandbox.Netns))
        {
            await NetworkNamespace.DeleteAsync(sandbox.Netns, ct);
        }
        _sandboxes[sandboxId] = sandbox with { Ready = false };
        Save();
    }

    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        foreach (var c in _containers.Values.Where(c => c.SandboxId == sandboxId).ToList())
        {
            _containers.TryRemove(c.Id, out _);
        }
        _sandboxes.TryRemove(sandboxId, out _);
        Save();
        return Task.CompletedTask;
    }

    public SandboxStatus? PodSandboxStatus(string sandboxId) => _sandboxes.TryGetValue(sandboxId, out var s) ? s.ToStatus() : null;

    public Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!_sandboxes.ContainsKey(sandboxId))
        {
            throw new InvalidOperationException($"no sandbox {sandboxId}");
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        _containers[id] = new ContainerRecord(id, sandboxId, config, ContainerRunState.Created, null, null, DateTimeOffset.UtcNow, null, null, null, null);
        Save();
        return Task.FromResult(id);
    }

    public Task StartContainerAsync(string containerId, CancellationToken ct)
    {
        var container = _containers[containerId];
        var sandbox = _sandboxes[container.SandboxId];
        Directory.CreateDirectory(Path.GetDirectoryName(container.Config.LogPath)!);
        var process = _launcher.Start(sandbox.Netns, container.Config);
        var ticks = ProcessSignals.StartTicks(process.Id);
        _children[containerId] = process;
        _containers[containerId] = container with { State = ContainerRunState.Running, Pid = process.Id, StartTicks = ticks, StartedAt = DateTimeOffset.UtcNow };
        Save();
        return Task.CompletedTask;
    }

    public async Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken ct)
    {
        if (!_containers.TryGetValue(containerId, out var container) || container.State != ContainerRunState.Running || container.Pid is not { } pid)
        {
            return;
        }
        if (timeout > TimeSpan.Zero && ProcessSignals.Send(pid, ProcessSignals.SigTerm))
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && IsAlive(container))
            {
                await Task.Delay(100, ct);
            }
        }
        if (IsAlive(container))
        {
            ProcessSignals.Send(pid, ProcessSignals.SigKill);
            for (var i = 0; i < 50 && IsAlive(container); i++)
            {
                await Task.Delay(20, ct);
            }
        }
        Refresh(containerId);
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken ct)
    {
        _containers.TryRemove(containerId, out _);
        _children.TryRemove(containerId, out _);
        Save();
        return Task.CompletedTask;
    }

    public ContainerStatus? ContainerStatus(string containerId)
    {
        Refresh(containerId);
        return _containers.TryGetValue(containerId, out var c) ? c.ToStatus() : null;
    }

    public IReadOnlyList<ContainerStatus> ListContainers(string? sandboxId = null)
    {
        foreach (var c in _containers.Values.Where(c => sandboxId is null || c.SandboxId == sandboxId))
        {
            Refresh(c.Id);
        }
        return _containers.Values.Where(c => sandboxId is null || c.SandboxId == sandboxId).Select(c => c.ToStatus()).ToList();
    }

    public IReadOnlyList<SandboxStatus> ListPodSandboxes() => _sandboxes.Values.Select(s => s.ToStatus()).ToList();

    /// <summary>Notices containers that exited: through the Process object for our children, /proc for adopted ones.</summary>
    private void Refresh(string containerId)
    {
        if (!_containers.TryGetValue(containerId, out var c) || c.State != ContainerRunState.Running || IsAlive(c))
        {
            return;
        }
        int? exitCode = null;
        var reason = "Error";
        if (_children.TryGetValue(containerId, out var process) && process.HasExited)
        {
            exitCode = process.ExitCode;
            reason = exitCode == 0 ? "Completed" : exitCode is 137 or -1 ? "Error" : "Error";
        }
        else if (!_children.ContainsKey(containerId))
        {
            reason = "Unknown"; // adopted after a kubelet restart: its exit code went to init
        }
        _containers[containerId] = c with { State = ContainerRunState.Exited, FinishedAt = DateTimeOffset.UtcNow, ExitCode = exitCode ?? 137, Reason = reason };
        Save();
    }

    private bool IsAlive(ContainerRecord c)
    {
        if (_children.TryGetValue(c.Id, out var process))
        {
            return !process.HasExited;
        }
        return c.Pid is { } pid && ProcessSignals.StartTicks(pid) is { } ticks && ticks == c.StartTicks;
    }

    private void Save()
    {
        lock (_saveGate)
        {
            var state = new RuntimeStateFile(_sandboxes.Values.ToList(), _containers.Values.ToList());
            var path = Path.Combine(_stateDir, "state.json");
            File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(state));
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }

    private void Load()
    {
        var path = Path.Combine(_stateDir, "state.json");
        if (!File.Exists(path))
        {
            return;
        }
        var state = JsonSerializer.Deserialize<RuntimeStateFile>(File.ReadAllText(path));
        foreach (var s in state?.Sandboxes ?? [])
        {
            _sandboxes[s.Id] = s;
        }
        foreach (var c in state?.Containers ?? [])
        {
            _containers[c.Id] = c;
        }
        var adopted = _containers.Values.Count(c => c.State == ContainerRunState.Running && IsAlive(c));
        _logger.LogInformation("runtime state loaded: {Sandboxes} sandboxes, {Containers} containers, {Adopted} still running and adopted",
            _sandboxes.Count, _containers.Count, adopted);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    internal sealed record SandboxRecord(string Id, SandboxConfig Config, string Netns, string? Ip, DateTimeOffset CreatedAt, bool Ready)
    {
        public SandboxStatus ToStatus() => new(Id, Config, Netns, Ip, CreatedAt, Ready);
    }

    internal sealed record ContainerRecord(string Id, string SandboxId, ContainerConfig Config, ContainerRunState State, int? Pid, long? StartTicks,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int? ExitCode, string? Reason)
    {
        public ContainerStatus ToStatus() => new(Id, SandboxId, Config, State, Pid, CreatedAt, StartedAt, FinishedAt, ExitCode, Reason);
    }

    internal sealed record RuntimeStateFile(List<SandboxRecord> Sandboxes, List<ContainerRecord> Containers);
}
