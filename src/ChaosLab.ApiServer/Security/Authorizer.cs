using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Security;

/// <summary>
/// Who may do what, by identity, in the spirit of upstream's default RBAC roles and node authorizer:
/// system:masters everything; controllers and the scheduler what their loops need; kubelets read most
/// things and write their node, lease, pods' status and events (NodeRestriction admission narrows
/// writes to their own objects); kube-proxy reads services and endpoints; the cluster DNS (system:kube-dns, as
/// upstream's system:kube-dns role and CoreDNS's ClusterRole) reads services, endpoints, endpoint slices, pods and
/// namespaces. Everyone else: 403.
/// A kubelet's reads of secrets, config maps, claims and service accounts are not granted here:
/// <see cref="NodeAuthorizer"/> allows those its pods name.
/// </summary>
public static class Authorizer
{
    private static readonly HashSet<string> ReadVerbs = ["get", "list", "watch"];

    public static bool Allowed(RequestUser user, string verb, string resource, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Groups.Contains("system:masters") || user.Name == "system:kube-controller-manager")
        {
            return true;
        }
        // Logs and exec reach into workloads: only system:masters and the controller manager (above) may.
        if (subresource is "log" or "exec" or "attach" or "portforward" or "proxy")
        {
            return false;
        }
        var read = ReadVerbs.Contains(verb);
        var path = subresource is null ? resource : $"{resource}/{subresource}";
        if (user.Name == "system:kube-scheduler")
        {
            return read || path is "pods/binding" or "pods/status" or "events" or "leases";
        }
        if (NodeIdentity.Of(user) is not null)
        {
            return read ? !NodeAuthorizer.Resources.Contains(resource)
                : path is "nodes" or "nodes/status" or "leases" or "events" or "pods/status" or "pods" && verb is not "deletecollection";
        }
        if (user.Name == "system:kube-proxy")
        {
            return (read && resource is "services" or "endpoints" or "endpointslices" or "nodes") || path == "events";
        }
        if (user.Name == "system:kube-dns")
        {
            return read && subresource is null && resource is "services" or "endpoints" or "endpointslices" or "pods" or "namespaces";
        }
        return false;
    }
}
