using System.Net;
using ChaosLab.Kubelet.Pods;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class PodDnsConfigTests
{
    private static readonly IPAddress[] ClusterDns = [IPAddress.Parse("10.96.0.10")];
    private static readonly ResolvConf Node = ResolvConf.Parse("# written by docker\nsearch lab.example\nnameserver 127.0.0.11\noptions ndots:0 edns0\n");

    [Test]
    public void ClusterFirst_points_at_the_cluster_dns_with_the_namespace_search_path_and_ndots_5()
    {
        var config = PodDnsConfig.For(Pod("shop"), ClusterDns, "cluster.local", Node);

        Assert.That(config.Render(), Is.EqualTo(
            "search shop.svc.cluster.local svc.cluster.local cluster.local lab.example\nnameserver 10.96.0.10\noptions ndots:5\n"));
    }

    [Test]
    public void The_default_policy_is_ClusterFirst_and_host_network_pods_fall_back_to_the_node_unless_WithHostNet()
    {
        Assert.That(PodDnsConfig.For(Pod("a", policy: null), ClusterDns, "cluster.local", Node).Nameservers, Is.EqualTo(new[] { "10.96.0.10" }));
        Assert.That(PodDnsConfig.For(Pod("a", hostNetwork: true), ClusterDns, "cluster.local", Node).Render(), Is.EqualTo(Node.Render()));
        Assert.That(PodDnsConfig.For(Pod("a", "ClusterFirstWithHostNet", hostNetwork: true), ClusterDns, "cluster.local", Node).Searches[0], Is.EqualTo("a.svc.cluster.local"));
    }

    [Test]
    public void Default_is_the_node_resolv_conf_and_ClusterFirst_without_cluster_dns_falls_back_to_it()
    {
        Assert.That(PodDnsConfig.For(Pod("a", "Default"), ClusterDns, "cluster.local", Node).Render(),
            Is.EqualTo("search lab.example\nnameserver 127.0.0.11\noptions ndots:0 edns0\n"));
        Assert.That(PodDnsConfig.For(Pod("a"), [], "cluster.local", Node).Nameservers, Is.EqualTo(new[] { "127.0.0.11" }));
    }

    [Test]
    public void None_takes_only_the_pod_dns_config()
    {
        var pod = Pod("a", "None", dnsConfig: new V1PodDNSConfig { Nameservers = ["192.0.2.53"], Searches = ["corp.test"], Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "2" }] });

        Assert.That(PodDnsConfig.For(pod, ClusterDns, "cluster.local", Node).Render(), Is.EqualTo("search corp.test\nnameserver 192.0.2.53\noptions ndots:2\n"));
    }

    [Test]
    public void The_pod_dns_config_is_appended_without_duplicates_and_its_options_win_by_name()
    {
        var pod = Pod("a", dnsConfig: new V1PodDNSConfig
        {
            Nameservers = ["10.96.0.10", "192.0.2.53"],
            Searches = ["svc.cluster.local", "corp.test"],
            Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "1" }, new V1PodDNSConfigOption { Name = "edns0" }],
        });

        var config = PodDnsConfig.For(pod, ClusterDns, "cluster.local", ResolvConf.Empty);

        Assert.That(config.Nameservers, Is.EqualTo(new[] { "10.96.0.10", "192.0.2.53" }));
        Assert.That(config.Searches, Is.EqualTo(new[] { "a.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.test" }));
        Assert.That(config.Options, Is.EqualTo(new[] { "ndots:1", "edns0" }));
    }

    [Test]
    public void Nameservers_and_search_domains_are_cut_to_the_resolver_limits()
    {
        var pod = Pod("a", "None", dnsConfig: new V1PodDNSConfig
        {
            Nameservers = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"],
            Searches = [.. Enumerable.Range(0, 40).Select(i => $"d{i}.test")],
        });

        var config = PodDnsConfig.For(pod, ClusterDns, "cluster.local", Node);

        Assert.That((config.Nameservers.Count, config.Searches.Count), Is.EqualTo((PodDnsConfig.MaxNameservers, PodDnsConfig.MaxSearches)));
    }

    [Test]
    public void Resolv_conf_parsing_keeps_the_last_search_line_and_skips_comments()
    {
        var parsed = ResolvConf.Parse("search a.test\nnameserver 192.0.2.1 # primary\n; old\ndomain b.test.\nnameserver 192.0.2.2\noptions rotate\n");

        Assert.That((parsed.Nameservers, parsed.Searches, parsed.Options),
            Is.EqualTo((new[] { "192.0.2.1", "192.0.2.2" }, new[] { "b.test" }, new[] { "rotate" })).Using<(IReadOnlyList<string>, IReadOnlyList<string>, IReadOnlyList<string>)>(
                (x, y) => x.Item1.SequenceEqual(y.Item1) && x.Item2.SequenceEqual(y.Item2) && x.Item3.SequenceEqual(y.Item3)));
    }

    private static V1Pod Pod(string ns, string? policy = "ClusterFirst", bool hostNetwork = false, V1PodDNSConfig? dnsConfig = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns },
        Spec = new V1PodSpec { DnsPolicy = policy, HostNetwork = hostNetwork, DnsConfig = dnsConfig, Containers = [new V1Container { Name = "c" }] },
    };
}
