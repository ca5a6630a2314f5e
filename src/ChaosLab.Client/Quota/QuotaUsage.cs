using k8s.Models;

namespace ChaosLab.Client.Quota;

/// <summary>
/// What one object charges against a ResourceQuota, as upstream's quota evaluators measure it: its object count
/// (count/RESOURCE.GROUP, and the legacy name for core kinds), a pod's compute requests and limits (not once it
/// has finished), a Service's node ports and load balancers, a claim's requested storage.
/// </summary>
public static class QuotaUsage
{
    public const string Pods = "pods";
    public const string RequestsStorage = "requests.storage";
    public const string ServicesNodePorts = "services.nodeports";
    public const string ServicesLoadBalancers = "services.loadbalancers";
    private const string StorageClassSuffix = ".storageclass.storage.k8s.io/";

    private static readonly HashSet<string> LegacyCounted =
        ["pods", "services", "configmaps", "secrets", "replicationcontrollers", "resourcequotas", "persistentvolumeclaims"];

    /// <summary>The compute resources for which a quota obliges every container to state a value (upstream's validationSet).</summary>
    private static readonly string[] ContainerConstrained = ["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];

    public static string CountName(string group, string plural) => group.Length == 0 ? $"count/{plural}" : $"count/{plural}.{group}";

    public static string ByStorageClass(string storageClass, string resource) => storageClass + StorageClassSuffix + resource;

    /// <summary>The usage of one object of GROUP/PLURAL; <paramref name="model"/> is its KubernetesClient model.</summary>
    public static Dictionary<string, ResourceQuantity> Of(string group, string plural, object model)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(plural);
        var usage = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { [CountName(group, plural)] = QuotaResources.Count(1) };
        if (group.Length != 0)
        {
            return usage;
        }
        switch (model)
        {
            case V1Pod pod:
                return IsCharged(pod) ? QuotaResources.Add(usage, Compute(pod)) : usage;
            case V1Service service:
                usage[plural] = QuotaResources.Count(1);
                var (nodePorts, loadBalancers) = ServiceCharges(service);
                usage[ServicesNodePorts] = QuotaResources.Count(nodePorts);
                usage[ServicesLoadBalancers] = QuotaResources.Count(loadBalancers);
                return usage;
            case V1PersistentVolumeClaim claim:
                usage[plural] = QuotaResources.Count(1);
                var storageClass = claim.Spec?.StorageClassName;
                if (!string.IsNullOrEmpty(storageClass))
                {
                    usage[ByStorageClass(storageClass, plural)] = QuotaResources.Count(1);
                }
                if (claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var storage) == true && storage is not null)
                {
                    usage[RequestsStorage] = storage;
                    if (!string.IsNullOrEmpty(storageClass))
                    {
                        usage[ByStorageClass(storageClass, RequestsStorage)] = storage;
                    }
                }
                return usage;
            default:
                if (LegacyCounted.Contains(plural))
                {
                    usage[plural] = QuotaResources.Count(1);
                }
                return usage;
        }
    }

    /// <summary>Finished pods charge only their object count ("count/pods"), not "pods" or compute.</summary>
    public static bool IsCharged(V1Pod pod) => pod?.Status?.Phase is not ("Succeeded" or "Failed");

    /// <summary>
    /// Upstream's pod Constraints: when a quota limits cpu or memory, every container must state it.
    /// Null when satisfied, else "must specify limits.cpu for: a,b; requests.memory for: a".
    /// </summary>
    public static string? MissingContainerValues(V1Pod pod, IEnumerable<string> limitedByQuota)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var required = limitedByQuota.Intersect(ContainerConstrained, StringComparer.Ordinal).ToList();
        if (required.Count == 0)
        {
            return null;
        }
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var container in (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []))
        {
            var stated = ComputeNames(container.Resources?.Requests, container.Resources?.Limits);
            foreach (var resource in required.Where(r => !stated.Contains(r)))
            {
                if (!missing.TryGetValue(resource, out var names))
                {
                    names = new SortedSet<string>(StringComparer.Ordinal);
                    missing[resource] = names;
                }
                names.Add(container.Name);
            }
        }
        return missing.Count == 0 ? null : "must specify " + string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
    }

    /// <summary>Containers' requests and limits summed, the largest init container's where larger, plus overhead.</summary>
    private static Dictionary<string, ResourceQuantity> Compute(V1Pod pod)
    {
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            requests = QuotaResources.Add(requests, container.Resources?.Requests);
            limits = QuotaResources.Add(limits, container.Resources?.Limits);
        }
        foreach (var init in pod.Spec?.InitContainers ?? [])
        {
            requests = Max(requests, init.Resources?.Requests);
            limits = Max(limits, init.Resources?.Limits);
        }
        requests = QuotaResources.Add(requests, pod.Spec?.Overhead);
        limits = QuotaResources.Add(limits, pod.Spec?.Overhead);
        var usage = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { [Pods] = QuotaResources.Count(1) };
        foreach (var resource in new[] { "cpu", "memory", "ephemeral-storage" })
        {
            if (requests.TryGetValue(resource, out var request))
            {
                usage[resource] = request;
                usage["requests." + resource] = request;
            }
            if (limits.TryGetValue(resource, out var limit))
            {
                usage["limits." + resource] = limit;
            }
        }
        return usage;
    }

    private static HashSet<string> ComputeNames(IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in new[] { "cpu", "memory" })
        {
            if (requests?.ContainsKey(resource) == true)
            {
                names.Add(resource);
                names.Add("requests." + resource);
            }
            if (limits?.ContainsKey(resource) == true)
            {
                names.Add("limits." + resource);
            }
        }
        return names;
    }

    private static Dictionary<string, ResourceQuantity> Max(Dictionary<string, ResourceQuantity> a, IDictionary<string, ResourceQuantity>? b)
    {
        foreach (var (name, quantity) in b ?? new Dictionary<string, ResourceQuantity>())
        {
            if (!a.TryGetValue(name, out var existing) || QuotaResources.Value(quantity) > QuotaResources.Value(existing))
            {
                a[name] = quantity;
            }
        }
        return a;
    }

    private static (int NodePorts, int LoadBalancers) ServiceCharges(V1Service service)
    {
        var ports = service.Spec?.Ports?.Count ?? 0;
        return service.Spec?.Type switch
        {
            "NodePort" => (ports, 0),
            "LoadBalancer" => (service.Spec.AllocateLoadBalancerNodePorts == false ? 0 : ports, 1),
            _ => (0, 0),
        };
    }
}
