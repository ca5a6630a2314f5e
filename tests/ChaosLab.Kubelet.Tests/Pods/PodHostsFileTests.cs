using ChaosLab.Kubelet.Pods;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class PodHostsFileTests
{
    [Test]
    public void A_pod_is_listed_under_its_name_after_the_localhost_entries()
    {
        var text = PodHostsFile.Render(Pod("web-5d8f", null, null), ["10.244.1.7"], "cluster.local");

        Assert.That(text, Does.StartWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"));
        Assert.That(text, Does.EndWith("fe00::2\tip6-allrouters\n10.244.1.7\tweb-5d8f\n"));
    }

    [Test]
    public void A_pod_with_hostname_and_subdomain_gets_its_fully_qualified_name_first()
    {
        var pod = Pod("pg-0", "pg-0", "pg");

        Assert.That(PodHostsFile.Render(pod, ["10.244.1.5"], "cluster.local"), Does.Contain("10.244.1.5\tpg-0.pg.db.svc.cluster.local\tpg-0\n"));
        Assert.That(PodHostsFile.Fqdn(pod, ""), Is.Null);
    }

    [Test]
    public void Host_aliases_are_appended_and_a_host_network_pod_gets_the_node_file()
    {
        var pod = Pod("a", null, null);
        pod.Spec.HostAliases = [new V1HostAlias { Ip = "192.0.2.9", Hostnames = ["foo.test", "bar.test"] }];

        Assert.That(PodHostsFile.Render(pod, [], "cluster.local"), Does.EndWith("# Entries added by HostAliases.\n192.0.2.9\tfoo.test\tbar.test\n"));
        Assert.That(PodHostsFile.RenderForHostNetwork(pod, "127.0.0.1\tlocalhost\n172.18.0.3\tworker-1"),
            Does.StartWith("# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n172.18.0.3\tworker-1\n"));
    }

    [Test]
    public void The_hostname_is_the_spec_hostname_else_the_name_cut_to_a_dns_label()
    {
        Assert.That(PodHostsFile.Hostname(Pod("x", "given", null)), Is.EqualTo("given"));
        Assert.That(PodHostsFile.Hostname(Pod(new string('a', 62) + "-bbb", null, null)), Is.EqualTo(new string('a', 62)));
    }

    private static V1Pod Pod(string name, string? hostname, string? subdomain) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "db" },
        Spec = new V1PodSpec { Hostname = hostname, Subdomain = subdomain, Containers = [new V1Container { Name = "c" }] },
    };
}
