using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Endpoints;

/// <summary>
/// The Endpoints object a selector Service should have (upstream's endpoints controller syncService):
/// every pod with an IP that is not finished or terminating is an address; ready pods (or all, with
/// publishNotReadyAddresses) go to addresses, the others to notReadyAddresses; pods sharing the same
/// ports share a subset (RepackSubsets).
/// </summary>
internal static class EndpointsBuilder
{
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    public static IList<V1EndpointSubset> Subsets(V1Service service, IEnumerable<V1Pod> pods)
    {
        var selector = service.Spec?.Selector ?? new Dictionary<string, string>();
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var ports = service.Spec?.Ports ?? [];
        // Each (address, readiness) with the set of ports it serves; no ports for a portless headless service.
        var entries = new List<(V1EndpointAddress Address, bool Ready, List<Corev1EndpointPort> Ports)>();
        foreach (var pod in pods)
        {
            if (!LabelSelectors.MatchesSet(selector, pod.Metadata.Labels) || !ShouldBeInEndpoints(pod, publishNotReady)
                || ServicePorts.PodAddress(pod, service) is not { } ip)
            {
                continue;
            }
            var address = new V1EndpointAddress
            {
                Ip = ip,
                NodeName = pod.Spec?.NodeName,
                Hostname = ServicePorts.Hostname(pod, service),
                TargetRef = ServicePorts.PodReference(pod),
            };
            var ready = publishNotReady || PodState.IsReady(pod);
            if (ports.Count == 0)
            {
                if (ServicePorts.IsHeadless(service))
                {
                    entries.Add((address, ready, []));
                }
                continue;
            }
            var served = new List<Corev1EndpointPort>();
            foreach (var servicePort in ports)
            {
                if (ServicePorts.TargetPort(pod, servicePort) is { } number)
                {
                    served.Add(new Corev1EndpointPort { Name = servicePort.Name, Port = number, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol });
                }
            }
            if (served.Count > 0)
            {
                entries.Add((address, ready, served));
            }
        }
        return Repack(entries);
    }

    /// <summary>The desired Endpoints object: the service's labels (plus the headless marker) and the subsets.</summary>
    public static V1Endpoints Build(V1Service service, IEnumerable<V1Pod> pods, V1Endpoints? existing)
    {
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>());
        if (ServicePorts.IsHeadless(service))
        {
            labels[HeadlessLabel] = "";
        }
        var desired = existing is null
            ? new V1Endpoints { ApiVersion = "v1", Kind = "Endpoints", Metadata = new V1ObjectMeta { Name = service.Metadata.Name, NamespaceProperty = service.Metadata.NamespaceProperty } }
            : existing with { Metadata = existing.Metadata with { } };
        desired.Metadata.Labels = labels;
        var subsets = Subsets(service, pods);
        desired.Subsets = subsets.Count == 0 ? null : subsets;
        return desired;
    }

    /// <summary>Whether <paramref name="existing"/> already has what <paramref name="desired"/> wants (labels and subsets).</summary>
    public static bool UpToDate(V1Endpoints existing, V1Endpoints desired) =>
        ObjectJson.SemanticallyEqual(existing.Subsets, desired.Subsets)
        && ObjectJson.SemanticallyEqual(existing.Metadata.Labels, desired.Metadata.Labels);

    /// <summary>Upstream's ShouldPodBeInEndpoints: an IP, not finished, and not terminating unless that is wanted.</summary>
    public static bool ShouldBeInEndpoints(V1Pod pod, bool includeTerminating) =>
        !PodState.IsTerminal(pod)
        && (!string.IsNullOrEmpty(pod.Status?.PodIP) || pod.Status?.PodIPs is { Count: > 0 })
        && (includeTerminating || !PodState.IsTerminating(pod));

    private static List<V1EndpointSubset> Repack(List<(V1EndpointAddress Address, bool Ready, List<Corev1EndpointPort> Ports)> entries)
    {
        // Addresses serving the same set of ports share one subset; sorted so equal content compares equal.
        return entries
            .GroupBy(e => PortsKey(e.Ports), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ready = g.Where(e => e.Ready).Select(e => e.Address).OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.TargetRef?.Uid, StringComparer.Ordinal).ToList();
                var notReady = g.Where(e => !e.Ready).Select(e => e.Address).OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.TargetRef?.Uid, StringComparer.Ordinal).ToList();
                var ports = g.First().Ports;
                return new V1EndpointSubset
                {
                    Addresses = ready.Count == 0 ? null : ready,
                    NotReadyAddresses = notReady.Count == 0 ? null : notReady,
                    Ports = ports.Count == 0 ? null : ports,
                };
            })
            .ToList();
    }

    private static string PortsKey(IEnumerable<Corev1EndpointPort> ports) =>
        string.Join(";", ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}/{p.AppProtocol}").Order(StringComparer.Ordinal));
}
