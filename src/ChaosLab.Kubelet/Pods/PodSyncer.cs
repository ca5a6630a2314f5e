using System.Collections.Concurrent;
using ChaosLab.Cri;
using ChaosLab.Kubelet.Probes;
using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Volumes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// Level-triggered sync of one pod: make the runtime match the pod's spec (sandbox, containers, restarts
/// with back-off, liveness), then report what is there as the pod's status. Everything the pod runs is
/// read back from the runtime on each sync, so a restarted kubelet carries on where the last one was.
/// Terminating pods are stopped within their grace period and then deleted for good (grace 0), as the
/// kubelet finishes every deletion. Volumes are set up before the sandbox (a pod whose volume cannot be made waits
/// in ContainerCreating with the reason) and removed with the pod.
/// </summary>
public sealed class PodSyncer(IKubernetes client, IRuntimeService runtime, KubeletOptions options, Func<IEnumerable<V1Service>> services,
    Func<bool> networkReady, PodVolumes volumes, IReferencedObjects objects, ILogger logger) : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a settled pod is synced with no change in sight: updated ConfigMaps and Secrets reach its volumes
    /// then, and drift is put right. Upstream's is a minute; scenarios here wait seconds.
    /// </summary>
    public static readonly TimeSpan PeriodicResync = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, PodState> _states = new();
    private readonly ProbeRunner _probes = new(runtime);

    public void Dispose() => _probes.Dispose();

    public async Task SyncAsync(V1Pod pod, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = pod.Metadata.Uid;
        var state = _states.GetOrAdd(uid, _ => new PodState());
        // Due again at the next tick unless this sync finds the pod settled.
        state.NextSyncAt = DateTime.MinValue;
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            await TerminateAsync(pod, ct);
            return;
        }
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return;
        }
        var setUp = await volumes.SetUpAsync(pod, ct);
        foreach (var warning in setUp.Warnings)
        {
            logger.LogWarning("pod {Ns}/{Pod}: {Reason}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, warning);
        }
        if (setUp.Failures.Count > 0)
        {
            logger.LogWarning("pod {Ns}/{Pod}: {Reason}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, string.Join("; ", setUp.Failures));
            // As upstream: the containers wait in ContainerCreating and the pod says which volume and why.
            var waiting = pod.Spec.Containers.Select(c => new ContainerReport(c, null)).ToList();
            await PostStatusAsync(pod, state, null, waiting, string.Join("; ", setUp.Failures), ct);
            return;
        }
        var sandbox = await EnsureSandboxAsync(pod, state, ct);
        if (sandbox is null)
        {
            return;
        }
        state.StartTime ??= DateTime.UtcNow;
        var now = DateTime.UtcNow;
        var existing = await runtime.ListContainersAsync(sandbox.Id, ct);
        var statuses = new List<ContainerReport>();
        foreach (var container in pod.Spec.Containers)
        {
            statuses.Add(await SyncContainerAsync(pod, container, sandbox, existing, state, setUp.Volumes, now, ct));
        }
        await PostStatusAsync(pod, state, sandbox, statuses, null, ct);
        state.NextSyncAt = NextSync(state, statuses, now);
    }

    /// <summary>
    /// Whether a pod needs a sync although neither the API nor the runtime showed a change: it has not synced yet, a
    /// container waits (for its image, its config, a restart back-off), a probe is due, or its periodic resync is.
    /// </summary>
    public bool IsDue(string uid, DateTime now) => !_states.TryGetValue(uid, out var state) || state.NextSyncAt <= now;

    private static DateTime NextSync(PodState state, IReadOnlyList<ContainerReport> containers, DateTime now)
    {
        if (containers.Any(c => c.Waiting is not null || c.Latest is not { State: ContainerRunState.Running or ContainerRunState.Exited }))
        {
            return DateTime.MinValue;
        }
        var next = now + PeriodicResync;
        foreach (var probe in state.Readiness.Values.Concat(state.Liveness.Values))
        {
            if (probe.NextRun < next)
            {
                next = probe.NextRun;
            }
        }
        return next;
    }

    /// <summary>The pod's ready sandbox, made when there is none; null (with the reason posted) when it cannot be made yet.</summary>
    private async Task<SandboxStatus?> EnsureSandboxAsync(V1Pod pod, PodState state, CancellationToken ct)
    {
        var uid = pod.Metadata.Uid;
        var sandboxes = await runtime.ListPodSandboxesAsync(uid, ct);
        if (sandboxes.Where(s => s.Ready).MaxBy(s => s.CreatedAt) is { } ready)
        {
            return ready;
        }
        if (state.NextSandboxAttempt is { } next && DateTime.UtcNow < next)
        {
            return null;
        }
        var hostNetwork = pod.Spec.HostNetwork == true;
        if (!hostNetwork && !networkReady())
        {
            await PostStatusAsync(pod, state, null, [], "network not ready: the container runtime's network plugin is not initialized yet", ct);
            return null;
        }
        // A sandbox that died (its pause process, or the node restarted) takes its containers with it: start over.
        foreach (var dead in sandboxes)
        {
            await RemoveSandboxAsync(dead, TimeSpan.FromSeconds(2), ct);
        }
        var config = new SandboxConfig(uid, pod.Metadata.Name, pod.Metadata.NamespaceProperty, pod.Metadata.Labels?.ToDictionary() ?? [],
            Attempt: sandboxes.Count == 0 ? 0 : sandboxes.Max(s => s.Config.Attempt) + 1,
            HostNetwork: hostNetwork, HostPid: pod.Spec.HostPID == true, HostIpc: pod.Spec.HostIPC == true,
            Privileged: SandboxPrivileged(pod),
            Hostname: PodHostsFile.Hostname(pod),
            Dns: PodDnsConfig.For(pod, options.ClusterDns, options.ClusterDomain, NodeResolvConf()));
        try
        {
            var sandbox = await runtime.RunPodSandboxAsync(config, ct);
            logger.LogInformation("sandbox {Id} for {Ns}/{Pod}: IP {Ip}", sandbox.Id[..12], config.Namespace, config.Name, sandbox.Ip ?? "(node)");
            state.SandboxBackoff = null;
            state.NextSandboxAttempt = null;
            return sandbox;
        }
        catch (CriException ex)
        {
            // A sandbox that fails fails again at once: back off as for a crashing container, so a broken node does not spin.
            state.SandboxBackoff = state.SandboxBackoff is { } b ? TimeSpan.FromTicks(Math.Min(b.Ticks * 2, MaxBackoff.Ticks)) : options.ContainerRestartBackoff;
            state.NextSandboxAttempt = DateTime.UtcNow + state.SandboxBackoff;
            logger.LogWarning("pod {Ns}/{Pod}: sandbox failed: {Reason}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, ex.Message);
            await PostStatusAsync(pod, state, null, [], $"failed to create pod sandbox: {ex.Message}", ct);
            return null;
        }
    }

    /// <summary>A pod's sandbox is privileged when any of its containers is: containerd refuses privileged containers otherwise.</summary>
    private static bool SandboxPrivileged(V1Pod pod) =>
        pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).Any(c => c.SecurityContext?.Privileged == true);

    private async Task<ContainerReport> SyncContainerAsync(V1Pod pod, V1Container container, SandboxStatus sandbox,
        IReadOnlyList<ContainerStatus> existing, PodState state, IReadOnlyDictionary<string, MountedVolume> podVolumes, DateTime now, CancellationToken ct)
    {
        var name = container.Name;
        var latest = existing.Where(c => c.Name == name).MaxBy(c => (c.Attempt, c.CreatedAt));
        if (latest is { State: ContainerRunState.Running })
        {
            if (await LivenessOkAsync(container, latest, sandbox, state, now, ct))
            {
                await ReadinessAsync(container, latest, sandbox, state, now, ct);
                return new ContainerReport(container, latest);
            }
            logger.LogInformation("pod {Ns}/{Pod} container {Container} failed liveness, restarting", pod.Metadata.NamespaceProperty, pod.Metadata.Name, name);
            await runtime.StopContainerAsync(latest.Id, TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30), ct);
            latest = await runtime.ContainerStatusAsync(latest.Id, ct) ?? latest;
        }
        if (latest is { State: ContainerRunState.Created })
        {
            // Created but never started: a kubelet that stopped between the two steps.
            return await StartAsync(pod, container, latest, null, ct);
        }
        if (latest is { State: ContainerRunState.Exited } exited && !ShouldRestart(pod, exited))
        {
            return new ContainerReport(container, exited);
        }
        if (latest is not null && state.NextStart.TryGetValue(name, out var next) && now < next)
        {
            return new ContainerReport(container, latest, "CrashLoopBackOff",
                $"back-off {state.Backoff[name].TotalSeconds:0}s restarting failed container={name} pod={pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})");
        }

        var image = await runtime.ImageStatusAsync(container.Image, ct);
        if (image is null)
        {
            var never = container.ImagePullPolicy == "Never";
            return new ContainerReport(container, latest, never ? "ErrImageNeverPull" : "ErrImagePull",
                $"image \"{container.Image}\" is not on node {options.NodeName} and no registry is reachable from the lab; load it from the host's Docker engine with `chaoslab load-image {container.Image}`");
        }
        if (ContainerConfigBuilder.NonRootViolation(pod, container, image) is { } violation)
        {
            return new ContainerReport(container, latest, "CreateContainerConfigError", violation);
        }

        ContainerConfig config;
        var attempt = latest is null ? 0 : latest.Attempt + 1;
        try
        {
            var fields = new DownwardApi.PodRuntimeFields(sandbox.Ip ?? options.NodeIp.ToString(), options.NodeIp.ToString(), options.NodeName);
            var environment = await ContainerEnvironment.BuildAsync(pod, container, fields, services(), objects, ct);
            var mounts = ContainerMounts.Plan(container, podVolumes, environment);
            if (!mounts.Any(m => m.ContainerPath == PodHostsFile.PathInContainer))
            {
                mounts = [.. mounts, new ContainerMount(PodHostsFile.PathInContainer, await WriteHostsFileAsync(pod, sandbox, ct), ReadOnly: false)];
            }
            config = ContainerConfigBuilder.Build(pod, container, attempt, environment, mounts);
        }
        catch (ContainerConfigException ex)
        {
            return new ContainerReport(container, latest, "CreateContainerConfigError", ex.Message);
        }
        if (latest is not null)
        {
            var backoff = state.Backoff.TryGetValue(name, out var b) ? TimeSpan.FromTicks(Math.Min(b.Ticks * 2, MaxBackoff.Ticks)) : options.ContainerRestartBackoff;
            // A container that ran for a while before it exited starts its back-off afresh, like upstream's 10-minute reset.
            if (latest.StartedAt is { } started && latest.FinishedAt - started > TimeSpan.FromMinutes(10))
            {
                backoff = options.ContainerRestartBackoff;
            }
            state.Backoff[name] = backoff;
            state.NextStart[name] = now + backoff;
            state.Readiness.Remove(name);
            state.Liveness.Remove(name);
        }
        string id;
        try
        {
            // CRI status does not say whether a sandbox is privileged, and containerd checks the sandbox config sent with
            // each container: send it as the pod asks, as upstream's kubelet does (it rebuilds the config from the pod).
            id = await runtime.CreateContainerAsync(sandbox with { Config = sandbox.Config with { Privileged = SandboxPrivileged(pod) } }, config, ct);
        }
        catch (CriException ex) when (!ex.IsUnavailable)
        {
            logger.LogWarning("pod {Ns}/{Pod} container {Container}: create failed: {Reason}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, name, ex.Message);
            return new ContainerReport(container, latest, "CreateContainerError", ex.Message);
        }
        var report = await StartAsync(pod, container, await runtime.ContainerStatusAsync(id, ct), latest, ct);
        // Upstream keeps one dead instance per container, for `kubectl logs --previous`.
        foreach (var old in existing.Where(c => c.Name == name && c.Attempt < attempt - 1 && c.State != ContainerRunState.Running))
        {
            await runtime.RemoveContainerAsync(old.Id, ct);
        }
        return report;
    }

    /// <summary>The node's resolver configuration (--resolv-conf), read at each sandbox so that a change on the node reaches new pods.</summary>
    private ResolvConf NodeResolvConf()
    {
        try
        {
            return ResolvConf.Parse(File.ReadAllText(options.ResolvConf));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("cannot read --resolv-conf {Path}: {Reason}; Default-policy pods get no resolver", options.ResolvConf, ex.Message);
            return ResolvConf.Empty;
        }
    }

    /// <summary>Writes the pod's managed /etc/hosts into its directory (ROOT/pods/UID/etc-hosts, as upstream) and returns its path.</summary>
    private async Task<string> WriteHostsFileAsync(V1Pod pod, SandboxStatus sandbox, CancellationToken ct)
    {
        var path = Path.Combine(volumes.Layout.PodDirectory(pod.Metadata.Uid), PodHostsFile.FileName);
        string content;
        if (pod.Spec.HostNetwork == true)
        {
            var nodeHosts = File.Exists("/etc/hosts") ? await File.ReadAllTextAsync("/etc/hosts", ct) : "";
            content = PodHostsFile.RenderForHostNetwork(pod, nodeHosts);
        }
        else
        {
            content = PodHostsFile.Render(pod, sandbox.Ip is { } ip ? [ip] : [], options.ClusterDomain);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content, ct);
        return path;
    }

    private async Task<ContainerReport> StartAsync(V1Pod pod, V1Container container, ContainerStatus? created, ContainerStatus? previous, CancellationToken ct)
    {
        if (created is null)
        {
            return new ContainerReport(container, previous, "CreateContainerError", "the runtime lost the container right after creating it");
        }
        try
        {
            await runtime.StartContainerAsync(created.Id, ct);
        }
        catch (CriException ex) when (!ex.IsUnavailable)
        {
            logger.LogWarning("pod {Ns}/{Pod} container {Container}: start failed: {Reason}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, ex.Message);
            return new ContainerReport(container, await runtime.ContainerStatusAsync(created.Id, ct) ?? created, "RunContainerError", ex.Message);
        }
        logger.LogInformation("pod {Ns}/{Pod} container {Container} started (attempt {Attempt})", pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, created.Attempt);
        return new ContainerReport(container, await runtime.ContainerStatusAsync(created.Id, ct) ?? created);
    }

    private static bool ShouldRestart(V1Pod pod, ContainerStatus exited) => (pod.Spec.RestartPolicy ?? "Always") switch
    {
        "Never" => false,
        "OnFailure" => exited.ExitCode != 0,
        _ => true,
    };

    private async Task<bool> LivenessOkAsync(V1Container container, ContainerStatus running, SandboxStatus sandbox, PodState state, DateTime now, CancellationToken ct)
    {
        if (container.LivenessProbe is not { } probe)
        {
            return true;
        }
        var probeState = state.Liveness.GetValueOrDefault(container.Name) ?? new ProbeState(true) { NextRun = (running.StartedAt ?? DateTimeOffset.UtcNow).UtcDateTime.AddSeconds(probe.InitialDelaySeconds ?? 0) };
        state.Liveness[container.Name] = probeState;
        if (now >= probeState.NextRun)
        {
            var (ok, message) = await _probes.RunAsync(probe, sandbox.Ip ?? options.NodeIp.ToString(), running.Id, ct);
            probeState.Record(ok, message, 1, probe.FailureThreshold ?? 3);
            probeState.NextRun = now.AddSeconds(probe.PeriodSeconds ?? 10);
        }
        return probeState.Result;
    }

    private async Task ReadinessAsync(V1Container container, ContainerStatus running, SandboxStatus sandbox, PodState state, DateTime now, CancellationToken ct)
    {
        if (container.ReadinessProbe is not { } probe)
        {
            return;
        }
        var probeState = state.Readiness.GetValueOrDefault(container.Name) ?? new ProbeState(false) { NextRun = (running.StartedAt ?? DateTimeOffset.UtcNow).UtcDateTime.AddSeconds(probe.InitialDelaySeconds ?? 0) };
        state.Readiness[container.Name] = probeState;
        if (now >= probeState.NextRun)
        {
            var (ok, message) = await _probes.RunAsync(probe, sandbox.Ip ?? options.NodeIp.ToString(), running.Id, ct);
            probeState.Record(ok, message, probe.SuccessThreshold ?? 1, probe.FailureThreshold ?? 3);
            probeState.NextRun = now.AddSeconds(probe.PeriodSeconds ?? 10);
        }
    }

    private async Task PostStatusAsync(V1Pod pod, PodState state, SandboxStatus? sandbox, List<ContainerReport> containers, string? pendingMessage, CancellationToken ct)
    {
        var status = PodStatusBuilder.Build(pod, state, sandbox, containers, options.NodeIp.ToString(), pendingMessage);
        var json = KubernetesJson.Serialize(status);
        if (json == state.LastPostedStatus)
        {
            return;
        }
        try
        {
            var patch = new V1Patch(StatusPatch(status), V1Patch.PatchType.MergePatch);
            await client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
            state.LastPostedStatus = json;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The pod is gone; the next sync cleans up.
        }
    }

    /// <summary>Stops containers within the grace period, tears the sandbox down, and removes the pod from the API.</summary>
    private async Task TerminateAsync(V1Pod pod, CancellationToken ct)
    {
        var grace = TimeSpan.FromSeconds(Math.Max(0, pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30));
        await StopAndRemoveAsync(pod.Metadata.Uid, grace, ct);
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: ct);
            logger.LogInformation("pod {Ns}/{Pod} terminated and deleted", pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>Stops and forgets everything the runtime runs for a pod uid (also for pods deleted while the kubelet was away).</summary>
    public async Task StopAndRemoveAsync(string uid, TimeSpan grace, CancellationToken ct)
    {
        foreach (var sandbox in await runtime.ListPodSandboxesAsync(uid, ct))
        {
            await RemoveSandboxAsync(sandbox, grace, ct);
        }
        try
        {
            volumes.TearDown(uid);
        }
        catch (IOException ex)
        {
            logger.LogWarning("pod {Uid}: volumes not removed: {Reason}", uid, ex.Message);
        }
        _states.TryRemove(uid, out _);
    }

    private async Task RemoveSandboxAsync(SandboxStatus sandbox, TimeSpan grace, CancellationToken ct)
    {
        var containers = await runtime.ListContainersAsync(sandbox.Id, ct);
        await Task.WhenAll(containers.Where(c => c.State == ContainerRunState.Running).Select(c => runtime.StopContainerAsync(c.Id, grace, ct)));
        await runtime.StopPodSandboxAsync(sandbox.Id, ct);
        await runtime.RemovePodSandboxAsync(sandbox.Id, ct);
    }

    /// <summary>
    /// The merge patch for a status. A message that went away must be sent as null, or the merge keeps the old one
    /// (a pod that once waited for its sandbox would say so for ever).
    /// </summary>
    public static string StatusPatch(V1PodStatus status)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();
        node.TryAdd("message", null);
        node.TryAdd("reason", null);
        return new System.Text.Json.Nodes.JsonObject { ["status"] = node }.ToJsonString();
    }

}

/// <summary>One container of a pod as the sync left it: its latest instance, and why it waits when it does.</summary>
public sealed record ContainerReport(V1Container Spec, ContainerStatus? Latest, string? Waiting = null, string? WaitingMessage = null);
