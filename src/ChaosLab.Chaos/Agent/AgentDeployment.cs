using System.Net;
using ChaosLab.Lab.Lifecycle;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.Chaos.Agent;

/// <summary>Why the agent cannot act on a cluster: its faults are skipped with this reason.</summary>
public sealed class AgentUnavailableException(string message, Exception? inner = null) : ChaosException(message, inner);

/// <summary>
/// Deploys the fault agent as a DaemonSet in its own namespace (privileged, hostNetwork, hostPID, tolerating every
/// taint), waits for its pods to be Ready, and removes it. The namespace carries <see cref="AgentLabel"/> and the
/// owning process, so that a later run removes the agent of a run that crashed (<see cref="ReapAsync"/>).
/// </summary>
public static class AgentDeployment
{
    public const string Namespace = "chaoslab-agent";
    public const string Name = "chaoslab-agent";
    public const string AgentLabel = "io.chaoslab.agent";
    public const string OwnerAnnotation = "io.chaoslab.owner";
    public const string HostAnnotation = "io.chaoslab.owner-host";
    public const string ReadyFile = "/run/chaoslab-agent/ready";

    public static readonly TimeSpan DefaultReadyWithin = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Creates (or takes over from a dead owner) the agent's namespace and DaemonSet and waits up to
    /// <paramref name="readyWithin"/> for its pods. Nodes whose pod is not Ready by then are left out of the client.
    /// </summary>
    /// <exception cref="AgentUnavailableException">Forbidden, no DaemonSet support, or no pod Ready in time.</exception>
    public static async Task<AgentClient> DeployAsync(IKubernetes api, string image, TimeSpan readyWithin, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            await ReapAsync(api, ct);
            var existing = await TryReadNamespaceAsync(api, ct);
            if (existing is null)
            {
                await api.CoreV1.CreateNamespaceAsync(NamespaceObject(), cancellationToken: ct);
            }
            else if (Annotation(existing, OwnerAnnotation) != ProcessIdentity.Current)
            {
                throw new AgentUnavailableException($"namespace {Namespace} exists and belongs to another live run ({Annotation(existing, OwnerAnnotation) ?? "no owner"}): one agent per cluster at a time");
            }
            try
            {
                await api.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet(image), Namespace, cancellationToken: ct);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Ours already (the pool's next scenario on the same cluster).
            }
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            throw new AgentUnavailableException($"the agent could not be deployed ({(int)ex.Response.StatusCode}: {ex.Response.Content})", ex);
        }
        return await WaitForPodsAsync(api, readyWithin, ct);
    }

    /// <summary>Deletes the agent's namespace (its pods heal what they hold as they stop) and waits until it is gone.</summary>
    public static async Task RemoveAsync(IKubernetes api, TimeSpan within, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            await api.CoreV1.DeleteNamespaceAsync(Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && await TryReadNamespaceAsync(api, ct) is not null)
        {
            await Task.Delay(500, ct);
        }
    }

    /// <summary>Deletes agent namespaces whose owning run, on this machine, is gone; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> ReapAsync(IKubernetes api, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var reaped = new List<string>();
        var namespaces = await api.CoreV1.ListNamespaceAsync(labelSelector: $"{AgentLabel}=true", cancellationToken: ct);
        foreach (var ns in namespaces.Items)
        {
            var owner = Annotation(ns, OwnerAnnotation);
            if (Annotation(ns, HostAnnotation) == Environment.MachineName && owner != ProcessIdentity.Current
                && !ProcessIdentity.IsAlive(owner) && ns.Status?.Phase != "Terminating")
            {
                await api.CoreV1.DeleteNamespaceAsync(ns.Metadata.Name, cancellationToken: ct);
                reaped.Add(ns.Metadata.Name);
            }
        }
        // Wait for a reaped namespace to go: its name is the one about to be created again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (reaped.Count > 0 && DateTime.UtcNow < deadline && await TryReadNamespaceAsync(api, ct) is not null)
        {
            await Task.Delay(500, ct);
        }
        return reaped;
    }

    private static async Task<AgentClient> WaitForPodsAsync(IKubernetes api, TimeSpan readyWithin, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + readyWithin;
        var last = "no DaemonSet status yet";
        while (true)
        {
            var ds = await api.AppsV1.ReadNamespacedDaemonSetAsync(Name, Namespace, cancellationToken: ct);
            var pods = (await api.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: $"app={Name}", cancellationToken: ct)).Items;
            var ready = pods.Where(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null
                && (p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false) && p.Spec.NodeName is not null).ToList();
            var desired = ds.Status?.DesiredNumberScheduled ?? 0;
            last = $"{ready.Count} of {desired} agent pods Ready; {string.Join("; ", pods.Where(p => !ready.Contains(p)).Select(Describe))}";
            if ((desired > 0 && ready.Count >= desired) || (DateTime.UtcNow >= deadline && ready.Count > 0))
            {
                var nodes = (await api.CoreV1.ListNodeAsync(cancellationToken: ct)).Items.ToDictionary(n => n.Metadata.Name);
                return new AgentClient(api, Namespace, ready.ToDictionary(p => p.Spec.NodeName, p => new AgentPod(p.Spec.NodeName, p.Metadata.Name,
                    nodes.TryGetValue(p.Spec.NodeName, out var node) ? PodCidrs(node) : [])));
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new AgentUnavailableException($"the agent DaemonSet has no Ready pod after {readyWithin.TotalSeconds:0} s ({last})");
            }
            await Task.Delay(1000, ct);
        }
    }

    private static string? Annotation(V1Namespace ns, string key) =>
        ns.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    private static List<string> PodCidrs(V1Node node) =>
        node.Spec?.PodCIDRs is { Count: > 0 } cidrs ? [.. cidrs] : node.Spec?.PodCIDR is { Length: > 0 } cidr ? [cidr] : [];

    private static string Describe(V1Pod pod)
    {
        var waiting = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting;
        return $"{pod.Metadata.Name} on {pod.Spec.NodeName ?? "no node"}: {pod.Status?.Phase}{(waiting is null ? "" : $" ({waiting.Reason}: {waiting.Message})")}";
    }

    private static async Task<V1Namespace?> TryReadNamespaceAsync(IKubernetes api, CancellationToken ct)
    {
        try
        {
            return await api.CoreV1.ReadNamespaceAsync(Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static V1Namespace NamespaceObject() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = Namespace,
            Labels = new Dictionary<string, string> { [AgentLabel] = "true" },
            Annotations = new Dictionary<string, string>
            {
                [OwnerAnnotation] = ProcessIdentity.Current,
                [HostAnnotation] = Environment.MachineName,
            },
        },
    };

    /// <summary>The agent's DaemonSet: privileged in the node's network and PID namespaces, on every node whatever its taints.</summary>
    public static V1DaemonSet DaemonSet(string image)
    {
        var labels = new Dictionary<string, string> { ["app"] = Name };
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = Name, Labels = new Dictionary<string, string>(labels) { [AgentLabel] = "true" } },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        HostNetwork = true,
                        HostPID = true,
                        DnsPolicy = "ClusterFirstWithHostNet",
                        AutomountServiceAccountToken = false,
                        TerminationGracePeriodSeconds = 15,
                        Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = AgentClient.Container,
                                Image = image,
                                ImagePullPolicy = "IfNotPresent",
                                Command = [AgentClient.Executable, "agent"],
                                Env = [new V1EnvVar { Name = "HOST_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.hostIP" } } }],
                                SecurityContext = new V1SecurityContext { Privileged = true },
                                ReadinessProbe = new V1Probe
                                {
                                    Exec = new V1ExecAction { Command = ["test", "-f", ReadyFile] },
                                    PeriodSeconds = 1,
                                },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("32Mi") },
                                },
                            },
                        ],
                    },
                },
            },
        };
    }
}
