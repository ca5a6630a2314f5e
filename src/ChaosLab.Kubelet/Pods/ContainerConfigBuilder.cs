using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// Turns a pod's container spec into what the runtime is asked for: command and args as Kubernetes means them
/// (command replaces the image's entrypoint, args its CMD), environment, mounts, limits as cgroup settings, and the
/// security context with the pod's settings as defaults.
/// </summary>
public static class ContainerConfigBuilder
{
    /// <summary>CFS period of every container with a CPU limit (100 ms, as upstream).</summary>
    public const long CpuPeriod = 100_000;

    /// <summary>The least CPU shares a container gets (upstream's minimum, for a pod that requests nothing).</summary>
    public const long MinShares = 2;

    /// <summary>The runtime's config; `$(VAR)` references in command and args expand against the container's environment, as upstream does.</summary>
    public static ContainerConfig Build(V1Pod pod, V1Container container, int attempt, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<ContainerMount>? mounts = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(environment);
        var lookup = VariableExpansion.From(environment);
        return new ContainerConfig(container.Name, container.Image,
            container.Command?.Select(c => VariableExpansion.Expand(c, lookup)).ToList() ?? [],
            container.Args?.Select(a => VariableExpansion.Expand(a, lookup)).ToList() ?? [],
            environment, attempt, container.WorkingDir, container.Stdin == true, container.Tty == true,
            Resources(container.Resources), Security(pod.Spec.SecurityContext, container.SecurityContext), mounts ?? [],
            StdinOnce: container.StdinOnce == true);
    }

    public static ContainerResources Resources(V1ResourceRequirements? resources)
    {
        var cpuLimit = Millis(resources?.Limits, "cpu");
        var cpuRequest = Millis(resources?.Requests, "cpu") ?? cpuLimit;
        var memoryLimit = resources?.Limits is { } limits && limits.TryGetValue("memory", out var memory) ? (long?)memory.ToInt64() : null;
        return new ContainerResources(
            CpuQuota: cpuLimit is { } limit ? Math.Max(1000, limit * CpuPeriod / 1000) : null,
            CpuPeriod: cpuLimit is null ? null : CpuPeriod,
            CpuShares: Math.Max(MinShares, (cpuRequest ?? 0) * 1024 / 1000),
            MemoryLimitBytes: memoryLimit);
    }

    public static ContainerSecurity Security(V1PodSecurityContext? pod, V1SecurityContext? container) => new(
        Privileged: container?.Privileged == true,
        RunAsUser: container?.RunAsUser ?? pod?.RunAsUser,
        RunAsGroup: container?.RunAsGroup ?? pod?.RunAsGroup,
        ReadOnlyRootFilesystem: container?.ReadOnlyRootFilesystem == true,
        AddCapabilities: container?.Capabilities?.Add?.ToList(),
        DropCapabilities: container?.Capabilities?.Drop?.ToList(),
        NoNewPrivileges: container?.AllowPrivilegeEscalation == false);

    /// <summary>
    /// Why a container must not start for its runAsNonRoot setting, or null: upstream refuses a container that would
    /// run as uid 0, and one whose image names its user by name (the kubelet cannot tell that it is not root).
    /// </summary>
    public static string? NonRootViolation(V1Pod pod, V1Container container, ImageInfo image)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(image);
        if ((container.SecurityContext?.RunAsNonRoot ?? pod.Spec.SecurityContext?.RunAsNonRoot) != true)
        {
            return null;
        }
        var user = container.SecurityContext?.RunAsUser ?? pod.Spec.SecurityContext?.RunAsUser;
        if (user is { } uid)
        {
            return uid == 0 ? "container's runAsUser breaks non-root policy" : null;
        }
        if (image.Uid is { } imageUid)
        {
            return imageUid == 0 ? "container has runAsNonRoot and image will run as root" : null;
        }
        return image.Username is { } name
            ? $"container has runAsNonRoot and image has non-numeric user ({name}), cannot verify user is non-root"
            : "container has runAsNonRoot and image will run as root";
    }

    private static long? Millis(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities is not null && quantities.TryGetValue(name, out var q) ? (long)Math.Ceiling(q.ToDecimal() * 1000) : null;
}
