using System.Net;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// The resolver configuration a pod's sandbox gets, as upstream's kubelet computes it (pkg/kubelet/network/dns):
/// ClusterFirst (the default) points at the cluster DNS with the namespace's search path and ndots:5; a hostNetwork
/// pod falls back to the node's resolver unless its policy is ClusterFirstWithHostNet; Default is the node's
/// resolv.conf; None starts empty. The pod's dnsConfig is then appended (nameservers and searches without duplicates,
/// options merged by name, the pod's winning) and the result cut to the resolver's limits.
/// </summary>
public static class PodDnsConfig
{
    /// <summary>glibc's limits, which upstream enforces: 3 nameservers, 32 search domains of at most 2048 characters in all.</summary>
    public const int MaxNameservers = 3;
    public const int MaxSearches = 32;
    public const int MaxSearchChars = 2048;

    /// <param name="clusterDns">--cluster-dns; empty: ClusterFirst pods fall back to the node's resolver, as upstream's do.</param>
    /// <param name="clusterDomain">--cluster-domain; empty: no cluster search domains.</param>
    /// <param name="node">The node's resolv.conf (--resolv-conf).</param>
    public static ResolvConf For(V1Pod pod, IReadOnlyList<IPAddress> clusterDns, string clusterDomain, ResolvConf node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(clusterDns);
        ArgumentNullException.ThrowIfNull(node);
        var policy = pod.Spec?.DnsPolicy is { Length: > 0 } p ? p : "ClusterFirst";
        var hostNetwork = pod.Spec?.HostNetwork == true;
        var cluster = policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !hostNetwork);
        ResolvConf config;
        if (policy == "None")
        {
            config = ResolvConf.Empty;
        }
        else if (cluster && clusterDns.Count > 0)
        {
            var ns = pod.Metadata?.NamespaceProperty ?? "default";
            IEnumerable<string> searches = string.IsNullOrEmpty(clusterDomain)
                ? node.Searches
                : [$"{ns}.svc.{clusterDomain}", $"svc.{clusterDomain}", clusterDomain, .. node.Searches];
            config = new ResolvConf([.. clusterDns.Select(ip => ip.ToString())], [.. searches.Distinct(StringComparer.Ordinal)], ["ndots:5"]);
        }
        else
        {
            config = node;
        }
        if (pod.Spec?.DnsConfig is { } extra)
        {
            config = new ResolvConf(
                [.. config.Nameservers.Concat(extra.Nameservers ?? []).Distinct(StringComparer.Ordinal)],
                [.. config.Searches.Concat(extra.Searches ?? []).Distinct(StringComparer.Ordinal)],
                MergeOptions(config.Options, extra.Options ?? []));
        }
        return FitLimits(config);
    }

    private static List<string> MergeOptions(IEnumerable<string> existing, IEnumerable<V1PodDNSConfigOption> added)
    {
        var merged = new List<KeyValuePair<string, string>>();
        void Set(string name, string value)
        {
            var at = merged.FindIndex(o => o.Key == name);
            if (at >= 0)
            {
                merged[at] = new(name, value);
            }
            else
            {
                merged.Add(new(name, value));
            }
        }
        foreach (var option in existing)
        {
            var colon = option.IndexOf(':', StringComparison.Ordinal);
            Set(colon < 0 ? option : option[..colon], colon < 0 ? "" : option[(colon + 1)..]);
        }
        foreach (var option in added)
        {
            if (!string.IsNullOrEmpty(option.Name))
            {
                Set(option.Name, option.Value ?? "");
            }
        }
        return [.. merged.Select(o => o.Value.Length == 0 ? o.Key : $"{o.Key}:{o.Value}")];
    }

    private static ResolvConf FitLimits(ResolvConf config)
    {
        var searches = new List<string>();
        var chars = 0;
        foreach (var search in config.Searches.Take(MaxSearches))
        {
            chars += search.Length + (searches.Count == 0 ? 0 : 1);
            if (chars > MaxSearchChars)
            {
                break;
            }
            searches.Add(search);
        }
        return config with { Nameservers = [.. config.Nameservers.Take(MaxNameservers)], Searches = searches };
    }
}
