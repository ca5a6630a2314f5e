using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>How a Service reaches a pod: which pod IP and which container port (upstream's FindPort and podToEndpointAddressForService).</summary>
internal static class ServicePorts
{
    /// <summary>
    /// The pod port a service port targets: a number as is, a name looked up among the containers'
    /// named ports with the same protocol; unset means the service port itself. Null if the name is unknown.
    /// </summary>
    public static int? TargetPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return servicePort.Port;
        }
        if (int.TryParse(target, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        var protocol = servicePort.Protocol ?? "TCP";
        var containers = (pod.Spec?.Containers ?? []).Concat(
            // Sidecars (restartable init containers) serve traffic too.
            pod.Spec?.InitContainers?.Where(c => c.RestartPolicy == "Always") ?? []);
        return containers
            .SelectMany(c => c.Ports ?? [])
            .FirstOrDefault(p => p.Name == target && (p.Protocol ?? "TCP") == protocol)?.ContainerPort;
    }

    /// <summary>
    /// The pod IP of the service's address family (its first cluster IP family, else IPv4); the
    /// primary pod IP when the pod has no IP of that family listed.
    /// </summary>
    public static string? PodAddress(V1Pod pod, V1Service service)
    {
        var family = ServiceFamily(service);
        var ips = pod.Status?.PodIPs?.Select(p => p.Ip).Where(ip => !string.IsNullOrEmpty(ip)).ToList() ?? [];
        if (!string.IsNullOrEmpty(pod.Status?.PodIP) && !ips.Contains(pod.Status.PodIP))
        {
            ips.Insert(0, pod.Status.PodIP);
        }
        return ips.FirstOrDefault(ip => IPAddress.TryParse(ip, out var address) && address.AddressFamily == family)
            ?? (ips.Count > 0 && service.Spec?.IpFamilies is null or { Count: 0 } ? ips[0] : null);
    }

    /// <summary>The pod's IP of one address family, or null.</summary>
    public static string? PodAddressOfFamily(V1Pod pod, AddressFamily family)
    {
        var ips = (pod.Status?.PodIPs?.Select(p => p.Ip) ?? []).Prepend(pod.Status?.PodIP);
        return ips.FirstOrDefault(ip => IPAddress.TryParse(ip, out var address) && address.AddressFamily == family);
    }

    /// <summary>The service's address families, primary first: spec.ipFamilies, else those of its cluster IPs, else IPv4.</summary>
    public static IReadOnlyList<AddressFamily> ServiceFamilies(V1Service service)
    {
        if (service.Spec?.IpFamilies is { Count: > 0 } families)
        {
            return [.. families.Select(f => f == "IPv6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork).Distinct()];
        }
        var fromIps = (service.Spec?.ClusterIPs ?? []).Append(service.Spec?.ClusterIP)
            .Select(ip => IPAddress.TryParse(ip, out var address) ? address.AddressFamily : (AddressFamily?)null)
            .Where(f => f is not null).Select(f => f!.Value).Distinct().ToList();
        return fromIps.Count > 0 ? fromIps : [AddressFamily.InterNetwork];
    }

    public static AddressFamily ServiceFamily(V1Service service)
    {
        if (service.Spec?.IpFamilies is { Count: > 0 } families)
        {
            return families[0] == "IPv6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        }
        return IPAddress.TryParse(service.Spec?.ClusterIP, out var ip) ? ip.AddressFamily : AddressFamily.InterNetwork;
    }

    /// <summary>A headless service (clusterIP None) gets no virtual IP: clients resolve the pods directly.</summary>
    public static bool IsHeadless(V1Service service) => service.Spec?.ClusterIP is null or "" or "None";

    /// <summary>Upstream's ShouldSetHostname: the pod asked for a DNS name under this service.</summary>
    public static string? Hostname(V1Pod pod, V1Service service) =>
        pod.Spec?.Hostname is { Length: > 0 } hostname && pod.Spec.Subdomain == service.Metadata.Name
            && pod.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty ? hostname : null;

    public static V1ObjectReference PodReference(V1Pod pod) => new()
    {
        Kind = "Pod",
        NamespaceProperty = pod.Metadata.NamespaceProperty,
        Name = pod.Metadata.Name,
        Uid = pod.Metadata.Uid,
    };
}
