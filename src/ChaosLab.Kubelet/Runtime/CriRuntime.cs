using ChaosLab.Cri;
using CriV1 = ChaosLab.Cri.V1;

namespace ChaosLab.Kubelet.Runtime;

/// <summary>
/// <see cref="IRuntimeService"/> over CRI v1: every call is one RPC to the runtime's socket (containerd's).
/// The runtime keeps all state; a restarted kubelet finds its pods again through the pod labels set here.
/// </summary>
public sealed class CriRuntime(CriConnection cri) : IRuntimeService
{
    public const string PodUidLabel = "io.kubernetes.pod.uid";
    public const string PodNameLabel = "io.kubernetes.pod.name";
    public const string PodNamespaceLabel = "io.kubernetes.pod.namespace";
    public const string ContainerNameLabel = "io.kubernetes.container.name";

    /// <summary>Masked and read-only /proc and /sys paths of an unprivileged container, as upstream's kubelet passes them.</summary>
    public static IReadOnlyList<string> DefaultMaskedPaths { get; } =
    [
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ];

    public static IReadOnlyList<string> DefaultReadonlyPaths { get; } =
        ["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public async Task<RuntimeReadiness> StatusAsync(CancellationToken ct)
    {
        var status = await cri.Runtime.StatusAsync(new CriV1.StatusRequest(), cancellationToken: ct);
        var conditions = status.Status?.Conditions ?? [];
        var runtime = conditions.FirstOrDefault(c => c.Type == "RuntimeReady");
        var network = conditions.FirstOrDefault(c => c.Type == "NetworkReady");
        var reason = new[] { runtime, network }.FirstOrDefault(c => c is { Status: false }) is { } failing
            ? $"{failing.Type}=false reason:{failing.Reason} message:{failing.Message}"
            : null;
        return new RuntimeReadiness(runtime?.Status == true, network?.Status == true, reason);
    }

    public async Task<SandboxStatus> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(ContainerLogs.PodDirectory(config.Namespace, config.Name, config.PodUid));
        var response = await cri.Runtime.RunPodSandboxAsync(new CriV1.RunPodSandboxRequest { Config = SandboxConfigOf(config) }, cancellationToken: ct);
        return await SandboxStatusAsync(response.PodSandboxId, ct)
            ?? throw new CriException($"CRI RunPodSandbox: sandbox {response.PodSandboxId} of pod {config.Namespace}/{config.Name} vanished right after it was created");
    }

    public async Task StopPodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        try
        {
            await cri.Runtime.StopPodSandboxAsync(new CriV1.StopPodSandboxRequest { PodSandboxId = sandboxId }, cancellationToken: ct);
        }
        catch (CriException ex) when (ex.IsNotFound)
        {
        }
    }

    public async Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        try
        {
            await cri.Runtime.RemovePodSandboxAsync(new CriV1.RemovePodSandboxRequest { PodSandboxId = sandboxId }, cancellationToken: ct);
        }
        catch (CriException ex) when (ex.IsNotFound)
        {
        }
    }

    public async Task<IReadOnlyList<SandboxStatus>> ListPodSandboxesAsync(string? podUid, CancellationToken ct)
    {
        var filter = new CriV1.PodSandboxFilter();
        if (podUid is not null)
        {
            filter.LabelSelector[PodUidLabel] = podUid;
        }
        var list = await cri.Runtime.ListPodSandboxAsync(new CriV1.ListPodSandboxRequest { Filter = filter }, cancellationToken: ct);
        var statuses = new List<SandboxStatus>();
        foreach (var sandbox in list.Items.Where(s => s.Labels.ContainsKey(PodUidLabel)))
        {
            // Only a ready sandbox has an address worth asking for; a stopped one is reported as it is listed.
            if (sandbox.State == CriV1.PodSandboxState.SandboxReady && await SandboxStatusAsync(sandbox.Id, ct) is { } status)
            {
                statuses.Add(status);
            }
            else
            {
                statuses.Add(new SandboxStatus(sandbox.Id, ConfigOf(sandbox.Metadata, sandbox.Labels), null, FromNanos(sandbox.CreatedAt), Ready: false));
            }
        }
        return statuses;
    }

    public async Task<IReadOnlyList<RuntimeEntry>> RelistAsync(CancellationToken ct)
    {
        var sandboxes = await cri.Runtime.ListPodSandboxAsync(new CriV1.ListPodSandboxRequest(), cancellationToken: ct);
        var containers = await cri.Runtime.ListContainersAsync(new CriV1.ListContainersRequest(), cancellationToken: ct);
        var entries = new List<RuntimeEntry>();
        foreach (var sandbox in sandboxes.Items)
        {
            if (sandbox.Labels.TryGetValue(PodUidLabel, out var uid))
            {
                entries.Add(new RuntimeEntry(uid, sandbox.Id, sandbox.State.ToString()));
            }
        }
        foreach (var container in containers.Containers)
        {
            if (container.Labels.TryGetValue(PodUidLabel, out var uid))
            {
                entries.Add(new RuntimeEntry(uid, container.Id, container.State.ToString()));
            }
        }
        return entries;
    }

    public async Task<string> CreateContainerAsync(SandboxStatus sandbox, ContainerConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(config);
        var response = await cri.Runtime.CreateContainerAsync(new CriV1.CreateContainerRequest
        {
            PodSandboxId = sandbox.Id,
            Config = ContainerConfigOf(sandbox.Config, config),
            SandboxConfig = SandboxConfigOf(sandbox.Config),
        }, cancellationToken: ct);
        return response.ContainerId;
    }

    public async Task StartContainerAsync(string containerId, CancellationToken ct) =>
        await cri.Runtime.StartContainerAsync(new CriV1.StartContainerRequest { ContainerId = containerId }, cancellationToken: ct);

    public async Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken ct)
    {
        var seconds = (long)Math.Ceiling(timeout.TotalSeconds);
        try
        {
            // The runtime waits up to the grace period itself: the call's deadline must outlast it.
            await cri.Runtime.StopContainerAsync(new CriV1.StopContainerRequest { ContainerId = containerId, Timeout = seconds },
                deadline: DateTime.UtcNow + timeout + cri.Options.CallTimeout, cancellationToken: ct);
        }
        catch (CriException ex) when (ex.IsNotFound)
        {
        }
    }

    public async Task RemoveContainerAsync(string containerId, CancellationToken ct)
    {
        try
        {
            await cri.Runtime.RemoveContainerAsync(new CriV1.RemoveContainerRequest { ContainerId = containerId }, cancellationToken: ct);
        }
        catch (CriException ex) when (ex.IsNotFound)
        {
        }
    }

    public async Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var response = await cri.Runtime.ContainerStatusAsync(new CriV1.ContainerStatusRequest { ContainerId = containerId }, cancellationToken: ct);
            return response.Status is { } s ? StatusOf(s, sandboxId: null) : null;
        }
        catch (CriException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string sandboxId, CancellationToken ct)
    {
        var list = await cri.Runtime.ListContainersAsync(new CriV1.ListContainersRequest { Filter = new CriV1.ContainerFilter { PodSandboxId = sandboxId } },
            cancellationToken: ct);
        var statuses = new List<ContainerStatus>();
        foreach (var container in list.Containers)
        {
            if (await ContainerStatusAsync(container.Id, ct) is { } status)
            {
                statuses.Add(status with { SandboxId = container.PodSandboxId });
            }
        }
        return statuses;
    }

    public async Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken ct)
    {
        var response = await cri.Images.ImageStatusAsync(new CriV1.ImageStatusRequest { Image = new CriV1.ImageSpec { Image = image } }, cancellationToken: ct);
        return response.Image is { Id.Length: > 0 } found
            ? new ImageInfo(found.Id, found.Uid?.Value, found.Username is { Length: > 0 } name ? name : null)
            : null;
    }

    public async Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        var request = new CriV1.ExecSyncRequest { ContainerId = containerId, Timeout = Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)) };
        request.Cmd.AddRange(command);
        var response = await cri.Runtime.ExecSyncAsync(request, deadline: DateTime.UtcNow + timeout + TimeSpan.FromSeconds(5), cancellationToken: ct);
        return new ExecResult(response.ExitCode, response.Stdout.ToStringUtf8(), response.Stderr.ToStringUtf8());
    }

    public async Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, Server.StreamSelection streams, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var request = new CriV1.ExecRequest { ContainerId = containerId, Tty = streams.Tty, Stdin = streams.Stdin, Stdout = streams.Stdout, Stderr = streams.Stderr };
        request.Cmd.AddRange(command);
        return new Uri((await cri.Runtime.ExecAsync(request, cancellationToken: ct)).Url);
    }

    public async Task<Uri> AttachUrlAsync(string containerId, Server.StreamSelection streams, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var request = new CriV1.AttachRequest { ContainerId = containerId, Tty = streams.Tty, Stdin = streams.Stdin, Stdout = streams.Stdout, Stderr = streams.Stderr };
        return new Uri((await cri.Runtime.AttachAsync(request, cancellationToken: ct)).Url);
    }

    public async Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken ct)
    {
        var request = new CriV1.PortForwardRequest { PodSandboxId = sandboxId };
        request.Port.AddRange(ports);
        return new Uri((await cri.Runtime.PortForwardAsync(request, cancellationToken: ct)).Url);
    }

    private async Task<SandboxStatus?> SandboxStatusAsync(string sandboxId, CancellationToken ct)
    {
        try
        {
            var response = await cri.Runtime.PodSandboxStatusAsync(new CriV1.PodSandboxStatusRequest { PodSandboxId = sandboxId }, cancellationToken: ct);
            var s = response.Status;
            // The namespaces come back from the runtime: a container joins them as its sandbox has them (hostPID).
            var namespaces = s.Linux?.Namespaces?.Options;
            var config = ConfigOf(s.Metadata, s.Labels) with
            {
                HostNetwork = namespaces?.Network == CriV1.NamespaceMode.Node,
                HostPid = namespaces?.Pid == CriV1.NamespaceMode.Node,
                HostIpc = namespaces?.Ipc == CriV1.NamespaceMode.Node,
            };
            return new SandboxStatus(s.Id, config, s.Network?.Ip is { Length: > 0 } ip ? ip : null,
                FromNanos(s.CreatedAt), s.State == CriV1.PodSandboxState.SandboxReady);
        }
        catch (CriException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>The sandbox config CRI gets: the pod's identity, hostname, resolver, log directory, cgroup parent and namespaces.</summary>
    public static CriV1.PodSandboxConfig SandboxConfigOf(SandboxConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sandbox = new CriV1.PodSandboxConfig
        {
            Metadata = new CriV1.PodSandboxMetadata { Name = config.Name, Namespace = config.Namespace, Uid = config.PodUid, Attempt = (uint)config.Attempt },
            Hostname = config.HostNetwork ? "" : config.Hostname ?? config.Name,
            LogDirectory = ContainerLogs.PodDirectory(config.Namespace, config.Name, config.PodUid),
            Linux = new CriV1.LinuxPodSandboxConfig
            {
                CgroupParent = $"/kubepods/pod{config.PodUid}",
                SecurityContext = new CriV1.LinuxSandboxSecurityContext { NamespaceOptions = NamespacesOf(config), Privileged = config.Privileged },
            },
        };
        if (config.Dns is { } dns)
        {
            sandbox.DnsConfig = new CriV1.DNSConfig();
            sandbox.DnsConfig.Servers.AddRange(dns.Nameservers);
            sandbox.DnsConfig.Searches.AddRange(dns.Searches);
            sandbox.DnsConfig.Options.AddRange(dns.Options);
        }
        foreach (var (key, value) in config.Labels)
        {
            sandbox.Labels[key] = value;
        }
        sandbox.Labels[PodUidLabel] = config.PodUid;
        sandbox.Labels[PodNameLabel] = config.Name;
        sandbox.Labels[PodNamespaceLabel] = config.Namespace;
        return sandbox;
    }

    /// <summary>The container config CRI gets: image, command and args as Kubernetes means them, env, mounts, log path, limits, security.</summary>
    public static CriV1.ContainerConfig ContainerConfigOf(SandboxConfig sandbox, ContainerConfig config)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(config);
        var container = new CriV1.ContainerConfig
        {
            Metadata = new CriV1.ContainerMetadata { Name = config.Name, Attempt = (uint)config.Attempt },
            Image = new CriV1.ImageSpec { Image = config.Image },
            WorkingDir = config.WorkingDirectory ?? "",
            LogPath = config.LogPath,
            Stdin = config.Stdin,
            // With stdinOnce the runtime closes the container's stdin when the first attach's stdin ends (kubectl run -i).
            StdinOnce = config.StdinOnce,
            Tty = config.Tty,
            Linux = new CriV1.LinuxContainerConfig
            {
                Resources = ResourcesOf(config.Resources),
                SecurityContext = SecurityOf(sandbox, config.Security ?? new ContainerSecurity()),
            },
        };
        container.Command.AddRange(config.Command);
        container.Args.AddRange(config.Args);
        container.Envs.AddRange(config.Environment.Select(e => new CriV1.KeyValue { Key = e.Key, Value = e.Value }));
        container.Mounts.AddRange((config.Mounts ?? []).Select(m => new CriV1.Mount { ContainerPath = m.ContainerPath, HostPath = m.HostPath, Readonly = m.ReadOnly }));
        container.Labels[ContainerNameLabel] = config.Name;
        container.Labels[PodUidLabel] = sandbox.PodUid;
        container.Labels[PodNameLabel] = sandbox.Name;
        container.Labels[PodNamespaceLabel] = sandbox.Namespace;
        return container;
    }

    private static CriV1.LinuxContainerResources ResourcesOf(ContainerResources? resources) => new()
    {
        CpuPeriod = resources?.CpuPeriod ?? 0,
        CpuQuota = resources?.CpuQuota ?? 0,
        CpuShares = resources?.CpuShares ?? 2,
        MemoryLimitInBytes = resources?.MemoryLimitBytes ?? 0,
        OomScoreAdj = resources?.OomScoreAdj ?? 0,
    };

    private static CriV1.LinuxContainerSecurityContext SecurityOf(SandboxConfig sandbox, ContainerSecurity security)
    {
        var context = new CriV1.LinuxContainerSecurityContext
        {
            Privileged = security.Privileged,
            NamespaceOptions = NamespacesOf(sandbox),
            ReadonlyRootfs = security.ReadOnlyRootFilesystem,
            NoNewPrivs = security.NoNewPrivileges,
            Capabilities = new CriV1.Capability(),
            Seccomp = new CriV1.SecurityProfile { ProfileType = security.Privileged ? CriV1.SecurityProfile.Types.ProfileType.Unconfined : CriV1.SecurityProfile.Types.ProfileType.RuntimeDefault },
        };
        if (security.RunAsUser is { } user)
        {
            context.RunAsUser = new CriV1.Int64Value { Value = user };
        }
        if (security.RunAsGroup is { } group)
        {
            context.RunAsGroup = new CriV1.Int64Value { Value = group };
        }
        context.Capabilities.AddCapabilities.AddRange(security.AddCapabilities ?? []);
        context.Capabilities.DropCapabilities.AddRange(security.DropCapabilities ?? []);
        if (!security.Privileged)
        {
            context.MaskedPaths.AddRange(DefaultMaskedPaths);
            context.ReadonlyPaths.AddRange(DefaultReadonlyPaths);
        }
        return context;
    }

    private static CriV1.NamespaceOption NamespacesOf(SandboxConfig config) => new()
    {
        Network = config.HostNetwork ? CriV1.NamespaceMode.Node : CriV1.NamespaceMode.Pod,
        Pid = config.HostPid ? CriV1.NamespaceMode.Node : CriV1.NamespaceMode.Container,
        Ipc = config.HostIpc ? CriV1.NamespaceMode.Node : CriV1.NamespaceMode.Pod,
    };

    private static SandboxConfig ConfigOf(CriV1.PodSandboxMetadata metadata, IDictionary<string, string> labels) =>
        new(metadata.Uid, metadata.Name, metadata.Namespace,
            labels.Where(l => !l.Key.StartsWith("io.kubernetes.", StringComparison.Ordinal)).ToDictionary(), (int)metadata.Attempt);

    private static ContainerStatus StatusOf(CriV1.ContainerStatus s, string? sandboxId) =>
        new(s.Id, sandboxId ?? "", s.Metadata?.Name ?? s.Labels.GetValueOrDefault(ContainerNameLabel, ""), (int)(s.Metadata?.Attempt ?? 0),
            s.Image?.Image ?? "", s.ImageRef,
            s.State switch
            {
                CriV1.ContainerState.ContainerCreated => ContainerRunState.Created,
                CriV1.ContainerState.ContainerRunning => ContainerRunState.Running,
                CriV1.ContainerState.ContainerExited => ContainerRunState.Exited,
                _ => ContainerRunState.Unknown,
            },
            FromNanos(s.CreatedAt),
            s.StartedAt > 0 ? FromNanos(s.StartedAt) : null,
            s.FinishedAt > 0 ? FromNanos(s.FinishedAt) : null,
            s.State == CriV1.ContainerState.ContainerExited ? s.ExitCode : null,
            s.Reason is { Length: > 0 } reason ? reason : null,
            s.Message is { Length: > 0 } message ? message : null,
            s.LogPath);

    private static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
}
