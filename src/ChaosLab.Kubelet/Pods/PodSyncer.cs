using System.Collections.Concurrent;
using System.Text.Json;
using ChaosLab.Kubelet.Probes;
using ChaosLab.Kubelet.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// Level-triggered sync of one pod: make the runtime match the pod's spec (sandbox, containers, restarts
/// with back-off, liveness), then report what is there as the pod's status. Terminating pods are stopped
/// within their grace period and then deleted for good (grace 0), as the kubelet finishes every deletion.
/// </summary>
public sealed class PodSyncer(IKubernetes client, IRuntimeService runtime, KubeletOptions options, Func<IEnumerable<V1Service>> services,
    Func<string, bool> isKnownImage, ILogger logger) : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, PodState> _states = new();
    private readonly ProbeRunner _probes = new();

    public void Dispose() => _probes.Dispose();

    public static string SandboxLabel(V1Pod pod) => pod?.Metadata.Uid ?? "";

    public async Task SyncAsync(V1Pod pod, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = pod.Metadata.Uid;
        var state = _states.GetOrAdd(uid, _ => new PodState());
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            await TerminateAsync(pod, ct);
            return;
        }
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return;
        }
        SandboxStatus sandbox;
        try
        {
            sandbox = await runtime.RunPodSandboxAsync(new SandboxConfig(uid, pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                pod.Metadata.Labels?.ToDictionary() ?? []), ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ChaosLab.Network.NetworkPluginException)
        {
            logger.LogWarning("pod {Ns}/{Pod}: sandbox not ready: {Reason}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, ex.Message);
            await PostStatusAsync(pod, state, null, [], $"network not ready: {ex.Message}", ct);
            return;
        }
        state.StartTime ??= DateTime.UtcNow;
        var now = DateTime.UtcNow;
        var statuses = new List<(V1Container Spec, ContainerStatus? Latest, string? Waiting, string? WaitingMessage)>();
        foreach (var container in pod.Spec.Containers)
        {
            statuses.Add(await SyncContainerAsync(pod, container, sandbox, state, now, ct));
        }
        await PostStatusAsync(pod, state, sandbox, statuses, null, ct);
    }

    private async Task<(V1Container, ContainerStatus?, string?, string?)> SyncContainerAsync(V1Pod pod, V1Container container, SandboxStatus sandbox,
        PodState state, DateTime now, CancellationToken ct)
    {
        var name = container.Name;
        var latest = runtime.ListContainers(sandbox.Id).Where(c => c.Config.Name == name).MaxBy(c => c.CreatedAt);
        if (!isKnownImage(container.Image))
        {
            return (container, latest, "ErrImagePull", $"image \"{container.Image}\" is not a built-in image of this runtime (no registry exists)");
        }
        if (latest is { State: ContainerRunState.Running })
        {
            if (!await LivenessOkAsync(container, latest, sandbox, state, now, ct))
            {
                logger.LogInformation("pod {Ns}/{Pod} container {Container} failed liveness, restarting", pod.Metadata.NamespaceProperty, pod.Metadata.Name, name);
                await runtime.StopContainerAsync(latest.Id, TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30), ct);
                latest = runtime.ContainerStatus(latest.Id);
            }
            else
            {
                await ReadinessAsync(container, latest, sandbox, state, now, ct);
                return (container, latest, null, null);
            }
        }
        if (latest is { State: ContainerRunState.Exited } exited && !ShouldRestart(pod, exited))
        {
            return (container, exited, null, null);
        }
        if (latest is not null && state.NextStart.TryGetValue(name, out var next) && now < next)
        {
            return (container, latest, "CrashLoopBackOff", $"back-off {state.Backoff[name].TotalSeconds:0}s restarting failed container={name} pod={pod.Metadata.Name}");
        }
        var attempt = latest is null ? 0 : state.Restarts.GetValueOrDefault(name) + 1;
        if (latest is not null)
        {
            state.Restarts[name] = attempt;
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
        var logPath = Path.Combine("/var/log/pods", $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{pod.Metadata.Uid}", name, $"{attempt}.log");
        var config = new ContainerConfig(name, container.Image, container.Command?.ToList() ?? [], container.Args?.ToList() ?? [],
            ContainerEnvironment.Build(pod, container, sandbox.Ip ?? "", options.NodeName, services()), logPath, attempt);
        var id = await runtime.CreateContainerAsync(sandbox.Id, config, ct);
        await runtime.StartContainerAsync(id, ct);
        if (latest is not null)
        {
            await runtime.RemoveContainerAsync(latest.Id, ct);
        }
        logger.LogInformation("pod {Ns}/{Pod} container {Container} started (attempt {Attempt})", pod.Metadata.NamespaceProperty, pod.Metadata.Name, name, attempt);
        return (container, runtime.ContainerStatus(id), null, null);
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
            var (ok, message) = await _probes.RunAsync(probe, sandbox.Ip ?? "", sandbox.NetnsName, ct);
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
            var (ok, message) = await _probes.RunAsync(probe, sandbox.Ip ?? "", sandbox.NetnsName, ct);
            probeState.Record(ok, message, probe.SuccessThreshold ?? 1, probe.FailureThreshold ?? 3);
            probeState.NextRun = now.AddSeconds(probe.PeriodSeconds ?? 10);
        }
    }

    private async Task PostStatusAsync(V1Pod pod, PodState state, SandboxStatus? sandbox,
        List<(V1Container Spec, ContainerStatus? Latest, string? Waiting, string? WaitingMessage)> containers, string? pendingMessage, CancellationToken ct)
    {
        var status = PodStatusBuilder.Build(pod, state, sandbox, containers, options.NodeIp.ToString(), pendingMessage);
        var json = KubernetesJson.Serialize(status);
        if (json == state.LastPostedStatus)
        {
            return;
        }
        try
        {
            var patch = new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch);
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
        foreach (var sandbox in runtime.ListPodSandboxes().Where(s => s.Config.PodUid == uid))
        {
            await Task.WhenAll(runtime.ListContainers(sandbox.Id).Where(c => c.State == ContainerRunState.Running)
                .Select(c => runtime.StopContainerAsync(c.Id, grace, ct)));
            await runtime.StopPodSandboxAsync(sandbox.Id, ct);
            await runtime.RemovePodSandboxAsync(sandbox.Id, ct);
        }
        _states.TryRemove(uid, out _);
    }

    internal static string Describe(object value) => JsonSerializer.Serialize(value);
}
