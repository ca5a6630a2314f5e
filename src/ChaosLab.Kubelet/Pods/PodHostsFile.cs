using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// The /etc/hosts the kubelet writes for a pod and mounts into each of its containers, as upstream does: localhost
/// entries, the pod's own address under its hostname (and hostname.subdomain.NS.svc.DOMAIN when the pod names a
/// subdomain, the headless Service of a StatefulSet), then spec.hostAliases. A hostNetwork pod gets the node's file.
/// </summary>
public static class PodHostsFile
{
    public const string PathInContainer = "/etc/hosts";
    public const string FileName = "etc-hosts";

    /// <summary>The pod's hostname: spec.hostname, else its name cut to 63 characters (a DNS label), as upstream.</summary>
    public static string Hostname(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Spec?.Hostname is { Length: > 0 } hostname)
        {
            return hostname;
        }
        var name = pod.Metadata.Name;
        return name.Length <= 63 ? name : name[..63].TrimEnd('-', '.');
    }

    /// <summary>hostname.subdomain.NS.svc.DOMAIN when the pod has a subdomain (and a cluster domain is set), else null.</summary>
    public static string? Fqdn(V1Pod pod, string clusterDomain)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Spec?.Subdomain is { Length: > 0 } subdomain && !string.IsNullOrEmpty(clusterDomain)
            ? $"{Hostname(pod)}.{subdomain}.{pod.Metadata.NamespaceProperty}.svc.{clusterDomain}"
            : null;
    }

    public static string Render(V1Pod pod, IEnumerable<string> podIps, string clusterDomain)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(podIps);
        var text = new System.Text.StringBuilder("# Kubernetes-managed hosts file.\n")
            .Append("127.0.0.1\tlocalhost\n")
            .Append("::1\tlocalhost ip6-localhost ip6-loopback\n")
            .Append("fe00::0\tip6-localnet\n")
            .Append("fe00::0\tip6-mcastprefix\n")
            .Append("fe00::1\tip6-allnodes\n")
            .Append("fe00::2\tip6-allrouters\n");
        var hostname = Hostname(pod);
        var fqdn = Fqdn(pod, clusterDomain);
        foreach (var ip in podIps)
        {
            text.Append(ip).Append('\t').Append(fqdn is null ? hostname : $"{fqdn}\t{hostname}").Append('\n');
        }
        AppendAliases(text, pod);
        return text.ToString();
    }

    /// <summary>A hostNetwork pod's file: the node's own, marked as managed, with the pod's host aliases.</summary>
    public static string RenderForHostNetwork(V1Pod pod, string nodeHosts)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var text = new System.Text.StringBuilder("# Kubernetes-managed hosts file (host network).\n").Append(nodeHosts);
        if (nodeHosts.Length > 0 && !nodeHosts.EndsWith('\n'))
        {
            text.Append('\n');
        }
        AppendAliases(text, pod);
        return text.ToString();
    }

    private static void AppendAliases(System.Text.StringBuilder text, V1Pod pod)
    {
        if (pod.Spec?.HostAliases is not { Count: > 0 } aliases)
        {
            return;
        }
        text.Append("\n# Entries added by HostAliases.\n");
        foreach (var alias in aliases)
        {
            text.Append(alias.Ip).Append('\t').Append(string.Join('\t', alias.Hostnames ?? [])).Append('\n');
        }
    }
}
