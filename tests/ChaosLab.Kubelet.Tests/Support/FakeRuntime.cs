using ChaosLab.Kubelet.Runtime;

namespace ChaosLab.Kubelet.Tests.Support;

/// <summary>A runtime that keeps sandboxes and containers in lists and runs nothing: for unit tests of the kubelet's decisions.</summary>
internal sealed class FakeRuntime : IRuntimeService
{
    private readonly List<SandboxStatus> _sandboxes = [];
    private readonly List<ContainerStatus> _containers = [];
    private int _next;

    public HashSet<string> Images { get; } = ["docker.io/chaoslab/echo:latest", "chaoslab/echo"];

    public RuntimeReadiness Readiness { get; set; } = new(true, true, null);

    /// <summary>What the kubelet asked for, in order ("run-sandbox web", "create web/echo#0", "start c1", ...).</summary>
    public List<string> Calls { get; } = [];

    public IReadOnlyList<SandboxStatus> Sandboxes => _sandboxes;

    public IReadOnlyList<ContainerStatus> Containers => _containers;

    public SandboxStatus AddSandbox(string uid, string name = "web", bool ready = true)
    {
        var sandbox = new SandboxStatus("sb-" + uid + "-" + _next++, new SandboxConfig(uid, name, "default", new Dictionary<string, string>()), "10.244.1.2",
            DateTimeOffset.UtcNow, ready);
        _sandboxes.Add(sandbox);
        return sandbox;
    }

    public ContainerStatus AddContainer(SandboxStatus sandbox, string name, string logPath, int attempt, ContainerRunState state,
        DateTimeOffset? created = null, int? exitCode = null)
    {
        var container = new ContainerStatus($"c{_next++}", sandbox.Id, name, attempt, "chaoslab/echo", "sha256:echo", state, created ?? DateTimeOffset.UtcNow,
            state == ContainerRunState.Created ? null : DateTimeOffset.UtcNow, state == ContainerRunState.Exited ? DateTimeOffset.UtcNow : null,
            state == ContainerRunState.Exited ? exitCode ?? 0 : null, null, null, logPath);
        _containers.Add(container);
        return container;
    }

    public void SetState(string containerId, ContainerRunState state, int? exitCode = null)
    {
        var index = _containers.FindIndex(c => c.Id == containerId);
        _containers[index] = _containers[index] with { State = state, ExitCode = exitCode, FinishedAt = state == ContainerRunState.Exited ? DateTimeOffset.UtcNow : null };
    }

    public Task<RuntimeReadiness> StatusAsync(CancellationToken ct) => Task.FromResult(Readiness);

    public Task<SandboxStatus> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct)
    {
        Calls.Add($"run-sandbox {config.Name}#{config.Attempt}");
        var sandbox = new SandboxStatus("sb-" + config.PodUid + "-" + _next++, config, config.HostNetwork ? null : "10.244.1.9", DateTimeOffset.UtcNow, Ready: true);
        _sandboxes.Add(sandbox);
        return Task.FromResult(sandbox);
    }

    public Task StopPodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        Calls.Add($"stop-sandbox {sandboxId}");
        var index = _sandboxes.FindIndex(s => s.Id == sandboxId);
        if (index >= 0)
        {
            _sandboxes[index] = _sandboxes[index] with { Ready = false };
        }
        return Task.CompletedTask;
    }

    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        Calls.Add($"remove-sandbox {sandboxId}");
        _sandboxes.RemoveAll(s => s.Id == sandboxId);
        _containers.RemoveAll(c => c.SandboxId == sandboxId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SandboxStatus>> ListPodSandboxesAsync(string? podUid, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SandboxStatus>>(_sandboxes.Where(s => podUid is null || s.Config.PodUid == podUid).ToList());

    public Task<IReadOnlyList<RuntimeEntry>> RelistAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RuntimeEntry>>(
        [
            .. _sandboxes.Select(s => new RuntimeEntry(s.Config.PodUid, s.Id, s.Ready ? "Ready" : "NotReady")),
            .. _containers.Select(c => new RuntimeEntry(_sandboxes.FirstOrDefault(s => s.Id == c.SandboxId)?.Config.PodUid ?? "", c.Id, c.State.ToString())),
        ]);

    public Task<string> CreateContainerAsync(SandboxStatus sandbox, ContainerConfig config, CancellationToken ct)
    {
        Calls.Add($"create {sandbox.Config.Name}/{config.Name}#{config.Attempt}");
        var container = AddContainer(sandbox, config.Name, Path.Combine(sandbox.LogDirectory, config.LogPath), config.Attempt, ContainerRunState.Created);
        LastConfig = config;
        return Task.FromResult(container.Id);
    }

    public ContainerConfig? LastConfig { get; private set; }

    public Task StartContainerAsync(string containerId, CancellationToken ct)
    {
        Calls.Add($"start {containerId}");
        SetState(containerId, ContainerRunState.Running);
        return Task.CompletedTask;
    }

    public Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken ct)
    {
        Calls.Add($"stop {containerId}");
        SetState(containerId, ContainerRunState.Exited, 143);
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken ct)
    {
        Calls.Add($"remove {containerId}");
        _containers.RemoveAll(c => c.Id == containerId);
        return Task.CompletedTask;
    }

    /// <summary>When set, ContainerStatus fails as a runtime that is away does.</summary>
    public bool Unavailable { get; set; }

    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken ct) =>
        Unavailable ? Task.FromException<ContainerStatus?>(new ChaosLab.Cri.CriException("CRI ContainerStatus: Unavailable: connection refused"))
            : Task.FromResult(_containers.FirstOrDefault(c => c.Id == containerId));

    /// <summary>Marks a container exited, as the runtime would see it once its process ended.</summary>
    public void Exit(string containerId, int exitCode)
    {
        var index = _containers.FindIndex(c => c.Id == containerId);
        _containers[index] = _containers[index] with { State = ContainerRunState.Exited, FinishedAt = DateTimeOffset.UtcNow, ExitCode = exitCode };
    }

    public Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string sandboxId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ContainerStatus>>(_containers.Where(c => c.SandboxId == sandboxId).ToList());

    public Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken ct) =>
        Task.FromResult(Images.Contains(image) ? new ImageInfo("sha256:" + image, 0, null) : null);

    public Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(new ExecResult(0, "", ""));

    public Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, ChaosLab.Kubelet.Server.StreamSelection streams, CancellationToken ct) =>
        Task.FromResult(new Uri("http://127.0.0.1:1/exec/" + containerId));

    public Task<Uri> AttachUrlAsync(string containerId, ChaosLab.Kubelet.Server.StreamSelection streams, CancellationToken ct) =>
        Task.FromResult(new Uri("http://127.0.0.1:1/attach/" + containerId));

    public Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken ct) =>
        Task.FromResult(new Uri("http://127.0.0.1:1/portforward/" + sandboxId));
}
