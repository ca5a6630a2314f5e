using System.Net.Sockets;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Endpoints;
using k8s.Models;

namespace ChaosLab.ControllerManager.EndpointSlices;

/// <summary>
/// The EndpointSlice controller's decision for one service (upstream's reconciler), free of I/O.
/// Endpoints are grouped by address type and by the ports they serve; each group fills slices of at
/// most maxEndpointsPerSlice. To keep churn low for the proxies, an endpoint stays in the slice that
/// already holds it, new endpoints fill existing slices before new ones are created, and a slice is
/// written only if its content changed. A service without endpoints keeps one empty placeholder slice.
/// </summary>
internal static class EndpointSliceReconciler
{
    public static EndpointSlicePlan Plan(
        V1Service service, IEnumerable<V1Pod> pods, IEnumerable<V1EndpointSlice> existing, int maxEndpointsPerSlice, Func<string, string?>? zoneOfNode = null)
    {
        var labels = Labels(service);
        var owner = OwnerReferences.ControllerRef(service.Metadata, "v1", "Service");
        var desired = DesiredGroups(service, pods, zoneOfNode);
        var ours = existing.Where(s => IsManagedFor(s, service)).OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
        var creates = new List<V1EndpointSlice>();
        var updates = new List<V1EndpointSlice>();
        var deletes = new List<V1EndpointSlice>();

        if (desired.Count == 0)
        {
            PlanPlaceholder(service, ours, labels, owner, creates, updates, deletes);
            return new EndpointSlicePlan(creates, updates, deletes);
        }

        var slicesByGroup = ours.ToLookup(GroupKey, StringComparer.Ordinal);
        foreach (var (key, group) in desired)
        {
            var remaining = new Dictionary<string, V1Endpoint>(group.Endpoints, StringComparer.Ordinal);
            var kept = new List<(V1EndpointSlice Slice, List<V1Endpoint> Endpoints)>();
            foreach (var slice in slicesByGroup[key])
            {
                var stay = new List<V1Endpoint>();
                foreach (var endpoint in slice.Endpoints ?? [])
                {
                    if (remaining.Remove(EndpointKey(endpoint), out var wanted))
                    {
                        stay.Add(wanted);
                    }
                }
                kept.Add((slice, stay));
            }
            var newcomers = new Queue<V1Endpoint>(group.Order.Where(remaining.ContainsKey).Select(k => remaining[k]));
            // Fill the fullest slices first: fewer, fuller slices mean less for every proxy to watch.
            foreach (var (_, endpoints) in kept.Where(k => k.Endpoints.Count > 0).OrderByDescending(k => k.Endpoints.Count))
            {
                while (endpoints.Count < maxEndpointsPerSlice && newcomers.TryDequeue(out var endpoint))
                {
                    endpoints.Add(endpoint);
                }
            }
            foreach (var (slice, endpoints) in kept)
            {
                if (endpoints.Count == 0)
                {
                    deletes.Add(slice);
                    continue;
                }
                var updated = slice with
                {
                    Metadata = slice.Metadata with { Labels = labels, OwnerReferences = [owner] },
                    Endpoints = endpoints,
                    Ports = group.Ports,
                };
                if (!SameContent(slice, updated))
                {
                    updates.Add(updated);
                }
            }
            while (newcomers.Count > 0)
            {
                var chunk = new List<V1Endpoint>();
                while (chunk.Count < maxEndpointsPerSlice && newcomers.TryDequeue(out var endpoint))
                {
                    chunk.Add(endpoint);
                }
                creates.Add(NewSlice(service, group.AddressType, group.Ports, chunk, labels, owner));
            }
        }
        deletes.AddRange(ours.Where(s => !desired.ContainsKey(GroupKey(s))));
        return new EndpointSlicePlan(creates, updates, deletes);
    }

    /// <summary>Slices of this service written by this controller (not by another manager).</summary>
    public static bool IsManagedFor(V1EndpointSlice slice, V1Service service) =>
        slice.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty
        && slice.Metadata.Labels is { } labels
        && labels.TryGetValue(EndpointSliceLabels.ServiceName, out var name) && name == service.Metadata.Name
        && labels.TryGetValue(EndpointSliceLabels.ManagedBy, out var manager) && manager == EndpointSliceLabels.ControllerName;

    /// <summary>The service's labels (minus the two reserved ones) plus service name, manager and the headless marker.</summary>
    public static Dictionary<string, string> Labels(V1Service service)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in service.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (key is not (EndpointSliceLabels.ServiceName or EndpointSliceLabels.ManagedBy))
            {
                labels[key] = value;
            }
        }
        if (ServicePorts.IsHeadless(service))
        {
            labels[EndpointsBuilder.HeadlessLabel] = "";
        }
        labels[EndpointSliceLabels.ServiceName] = service.Metadata.Name;
        labels[EndpointSliceLabels.ManagedBy] = EndpointSliceLabels.ControllerName;
        return labels;
    }

    private static Dictionary<string, Group> DesiredGroups(V1Service service, IEnumerable<V1Pod> pods, Func<string, string?>? zoneOfNode)
    {
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var families = ServicePorts.ServiceFamilies(service);
        foreach (var pod in pods.Where(p => ServiceSelection.Selects(service, p) && EndpointBuilder.Includes(p))
                     .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var ports = EndpointBuilder.Ports(pod, service);
            foreach (var family in families)
            {
                if (ServicePorts.PodAddressOfFamily(pod, family) is not { } ip
                    || EndpointBuilder.For(pod, service, ip, zoneOfNode) is not { } endpoint)
                {
                    continue;
                }
                var addressType = family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                var key = Key(addressType, ports);
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = new Group(addressType, ports);
                }
                var endpointKey = EndpointKey(endpoint);
                if (group.Endpoints.TryAdd(endpointKey, endpoint))
                {
                    group.Order.Add(endpointKey);
                }
            }
        }
        return groups;
    }

    private static void PlanPlaceholder(
        V1Service service, List<V1EndpointSlice> ours, Dictionary<string, string> labels, V1OwnerReference owner,
        List<V1EndpointSlice> creates, List<V1EndpointSlice> updates, List<V1EndpointSlice> deletes)
    {
        var addressType = ServicePorts.ServiceFamilies(service)[0] == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        var placeholder = ours.FirstOrDefault(s => (s.Endpoints?.Count ?? 0) == 0 && s.AddressType == addressType);
        deletes.AddRange(ours.Where(s => !ReferenceEquals(s, placeholder)));
        if (placeholder is null)
        {
            creates.Add(NewSlice(service, addressType, [], [], labels, owner));
            return;
        }
        var updated = placeholder with { Metadata = placeholder.Metadata with { Labels = labels, OwnerReferences = [owner] }, Ports = [] };
        if (!SameContent(placeholder, updated))
        {
            updates.Add(updated);
        }
    }

    private static V1EndpointSlice NewSlice(
        V1Service service, string addressType, IList<Discoveryv1EndpointPort> ports, List<V1Endpoint> endpoints, Dictionary<string, string> labels, V1OwnerReference owner) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            GenerateName = service.Metadata.Name + "-",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>(labels),
            OwnerReferences = [owner],
        },
        AddressType = addressType,
        Endpoints = endpoints,
        Ports = [.. ports],
    };

    private static bool SameContent(V1EndpointSlice a, V1EndpointSlice b) =>
        a.AddressType == b.AddressType
        && ObjectJson.SemanticallyEqual(a.Endpoints, b.Endpoints)
        && ObjectJson.SemanticallyEqual(a.Ports, b.Ports)
        && ObjectJson.SemanticallyEqual(a.Metadata.Labels, b.Metadata.Labels)
        && ObjectJson.SemanticallyEqual(a.Metadata.OwnerReferences, b.Metadata.OwnerReferences);

    private static string GroupKey(V1EndpointSlice slice) => Key(slice.AddressType, slice.Ports ?? []);

    private static string Key(string addressType, IEnumerable<Discoveryv1EndpointPort> ports) =>
        addressType + "|" + string.Join(";", ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}/{p.AppProtocol}").Order(StringComparer.Ordinal));

    /// <summary>An endpoint is the same endpoint while it is the same pod (or, without a pod, the same address).</summary>
    private static string EndpointKey(V1Endpoint endpoint) =>
        endpoint.TargetRef?.Uid is { Length: > 0 } uid ? uid : string.Join(",", endpoint.Addresses ?? []);

    private sealed class Group(string addressType, List<Discoveryv1EndpointPort> ports)
    {
        public string AddressType { get; } = addressType;

        public List<Discoveryv1EndpointPort> Ports { get; } = ports;

        public Dictionary<string, V1Endpoint> Endpoints { get; } = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];
    }
}
