using ChaosLab.KubeProxy.Rules;
using k8s.Models;
using static ChaosLab.KubeProxy.Tests.Support.Objects;

namespace ChaosLab.KubeProxy.Tests.Rules;

[Category("Unit")]
public sealed class IptablesRulesTests
{
    private const string Svc1 = "KUBE-SVC-XPGD46QRK7WJZT7O";
    private const string Sep1 = "KUBE-SEP-SXIVWICOYRO3J4NJ";

    [Test]
    public void One_endpoint_gives_upstreams_nat_layout()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))],
            [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1"))],
            "node-1",
            "10.244.0.0/16");

        Assert.That(Table(text, "nat"), Is.EqualTo(new[]
        {
            ":KUBE-SERVICES - [0:0]",
            ":KUBE-NODEPORTS - [0:0]",
            ":KUBE-POSTROUTING - [0:0]",
            ":KUBE-MARK-MASQ - [0:0]",
            $":{Svc1} - [0:0]",
            $":{Sep1} - [0:0]",
            "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
            "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
            "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE",
            "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
            $"-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 10.20.30.41/32 --dport 80 -j {Svc1}",
            $"-A {Svc1} -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 10.20.30.41/32 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
            $"-A {Svc1} -m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\" -j {Sep1}",
            $"-A {Sep1} -m comment --comment ns1/svc1:p80 -s 10.180.0.1/32 -j KUBE-MARK-MASQ",
            $"-A {Sep1} -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80",
            "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS",
        }));
        Assert.That(text, Does.EndWith("COMMIT\n"));
        Assert.That(text, Does.StartWith("*filter\n"));
    }

    [Test]
    public void Three_endpoints_are_chosen_with_probabilities_one_third_one_half_then_always()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))],
            [Slice("ns1", "svc1", [SlicePort("p80", 8080)], Endpoint("10.180.0.3"), Endpoint("10.180.0.1"), Endpoint("10.180.0.2"))],
            "node-1",
            null);

        var jumps = ChainRules(text, "nat", Svc1);
        Assert.That(jumps, Has.Count.EqualTo(3), "no masquerade rule without a cluster CIDR, then one jump per endpoint");
        Assert.That(jumps[0], Does.Contain("-m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-"));
        Assert.That(jumps[1], Does.Contain("-m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-"));
        Assert.That(jumps[2], Does.Not.Contain("statistic"));
        Assert.That(jumps.Select(j => j.Split(" -> ")[1].Split('"')[0]), Is.EqualTo(new[] { "10.180.0.1:8080", "10.180.0.2:8080", "10.180.0.3:8080" }),
            "endpoints are sorted by ip:port, as upstream");
    }

    [Test]
    public void Not_ready_endpoints_are_left_out_and_unknown_readiness_counts_as_ready()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))],
            [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1", ready: false), Endpoint("10.180.0.2"), Endpoint("10.180.0.3", ready: null))],
            "node-1",
            null);

        Assert.That(text, Does.Not.Contain("10.180.0.1"));
        Assert.That(text, Does.Contain("--to-destination 10.180.0.2:80"));
        Assert.That(text, Does.Contain("--to-destination 10.180.0.3:80"));
        Assert.That(ChainRules(text, "nat", Svc1)[0], Does.Contain("--probability 0.5000000000"));
    }

    [Test]
    public void A_service_without_ready_endpoints_is_rejected_in_the_filter_table()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))],
            [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1", ready: false))],
            "node-1",
            "10.244.0.0/16");

        Assert.That(ChainRules(text, "filter", "KUBE-SERVICES"), Is.EqualTo(new[]
        {
            "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 has no endpoints\" -m tcp -p tcp -d 10.20.30.41/32 --dport 80 -j REJECT",
        }));
        Assert.That(text, Does.Not.Contain("KUBE-SVC-"), "no service chain without endpoints");
        Assert.That(ChainRules(text, "nat", "KUBE-SERVICES"), Has.Count.EqualTo(1), "only the node-ports rule");
    }

    [Test]
    public void Named_ports_map_to_the_slice_port_of_the_same_name()
    {
        var text = IptablesRules.Build(
            [Service("web", "shop", "10.96.0.20", Port("http", 80), Port("metrics", 9090))],
            [Slice("web", "shop", [SlicePort("metrics", 9100), SlicePort("http", 8080)], Endpoint("10.244.1.5"))],
            "node-1",
            null);

        var http = ChainNames.Service("web/shop:http", "tcp");
        var metrics = ChainNames.Service("web/shop:metrics", "tcp");
        Assert.That(ChainRules(text, "nat", "KUBE-SERVICES"), Does.Contain(
            $"-A KUBE-SERVICES -m comment --comment \"web/shop:http cluster IP\" -m tcp -p tcp -d 10.96.0.20/32 --dport 80 -j {http}"));
        Assert.That(ChainRules(text, "nat", ChainNames.Endpoint("web/shop:http", "tcp", "10.244.1.5:8080"))[1], Does.EndWith("--to-destination 10.244.1.5:8080"));
        Assert.That(ChainRules(text, "nat", ChainNames.Endpoint("web/shop:metrics", "tcp", "10.244.1.5:9100"))[1], Does.EndWith("--to-destination 10.244.1.5:9100"));
        Assert.That(ChainRules(text, "nat", metrics), Has.Count.EqualTo(1));
    }

    [Test]
    public void Multi_port_services_get_one_chain_per_port_and_protocol()
    {
        var result = IptablesRules.Generate(
            [Service("kube-system", "kube-dns", "10.96.0.10", Port("dns", 53, "UDP"), Port("dns-tcp", 53), Port("metrics", 9153))],
            [Slice("kube-system", "kube-dns", [SlicePort("dns", 53, "UDP"), SlicePort("dns-tcp", 53), SlicePort("metrics", 9153)], Endpoint("10.244.0.2"), Endpoint("10.244.0.3"))],
            "node-1",
            "10.244.0.0/16");

        var services = ChainRules(result.Text, "nat", "KUBE-SERVICES");
        Assert.That(services, Has.Count.EqualTo(4));
        Assert.That(services[0], Does.Contain("-m udp -p udp -d 10.96.0.10/32 --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU"));
        Assert.That(services[1], Does.Contain("-m tcp -p tcp -d 10.96.0.10/32 --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4"));
        Assert.That(services[2], Does.Contain("--dport 9153 -j KUBE-SVC-JD5MR3NA4I4DYORP"));
        Assert.That(result.NatChains.Count(c => c.StartsWith("KUBE-SVC-", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(result.NatChains.Count(c => c.StartsWith("KUBE-SEP-", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(result.ServicePorts, Is.EqualTo(3));
        Assert.That(result.Text, Does.Contain("-m udp -p udp -j DNAT --to-destination 10.244.0.2:53"));
    }

    [Test]
    public void Stale_per_service_chains_are_flushed_and_deleted_and_nothing_else_is_touched()
    {
        string[] existing = ["PREROUTING", "OUTPUT", "DOCKER_OUTPUT", "KUBE-SERVICES", "KUBE-MARK-MASQ", Svc1, Sep1, "KUBE-SVC-GONEGONEGONEGONE", "KUBE-SEP-OLDOLDOLDOLDOLDO", "KUBE-EXT-GONEGONEGONEGONE"];
        var result = IptablesRules.Generate(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))],
            [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1"))],
            "node-1",
            null,
            existing);

        var nat = Table(result.Text, "nat");
        Assert.That(result.DeletedChains, Is.EqualTo(new[] { "KUBE-EXT-GONEGONEGONEGONE", "KUBE-SEP-OLDOLDOLDOLDOLDO", "KUBE-SVC-GONEGONEGONEGONE" }));
        Assert.That(nat.Where(l => l.StartsWith("-X ", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "-X KUBE-EXT-GONEGONEGONEGONE", "-X KUBE-SEP-OLDOLDOLDOLDOLDO", "-X KUBE-SVC-GONEGONEGONEGONE",
        }));
        Assert.That(nat, Does.Contain(":KUBE-SVC-GONEGONEGONEGONE - [0:0]"), "a chain must be declared (flushed) before it is deleted");
        Assert.That(nat, Does.Not.Contain($"-X {Svc1}"));
        Assert.That(result.Text, Does.Not.Contain("DOCKER").And.Not.Contain(":PREROUTING").And.Not.Contain(":OUTPUT"));
    }

    [Test]
    public void Only_kube_chains_are_declared_so_built_in_chains_are_never_flushed()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80, nodePort: 30080))],
            [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1"))],
            "node-1",
            "10.244.0.0/16");

        var declarations = text.Split('\n').Where(l => l.StartsWith(':')).ToList();
        Assert.That(declarations, Is.Not.Empty);
        Assert.That(declarations, Has.All.StartsWith(":KUBE-"));
        Assert.That(text.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal)), Has.All.StartsWith("-A KUBE-"));
    }

    [Test]
    public void Node_ports_go_through_an_external_chain_that_masquerades()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80, nodePort: 30080))],
            [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1"))],
            "node-1",
            null);

        var ext = ChainNames.External("ns1/svc1:p80", "tcp");
        Assert.That(ChainRules(text, "nat", "KUBE-NODEPORTS"), Is.EqualTo(new[] { $"-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 30080 -j {ext}" }));
        Assert.That(ChainRules(text, "nat", ext), Is.EqualTo(new[]
        {
            $"-A {ext} -m comment --comment \"masquerade traffic for ns1/svc1:p80 external destinations\" -j KUBE-MARK-MASQ",
            $"-A {ext} -j {Svc1}",
        }));
    }

    [Test]
    public void A_node_port_without_endpoints_is_rejected_on_local_addresses()
    {
        var text = IptablesRules.Build([Service("ns1", "svc1", "10.20.30.41", Port("p80", 80, nodePort: 30080))], [], "node-1", null);

        Assert.That(ChainRules(text, "filter", "KUBE-EXTERNAL-SERVICES"), Is.EqualTo(new[]
        {
            "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns1/svc1:p80 has no endpoints\" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT",
        }));
        Assert.That(ChainRules(text, "nat", "KUBE-NODEPORTS"), Is.Empty);
    }

    [Test]
    public void Internal_traffic_policy_local_uses_only_this_nodes_endpoints()
    {
        var service = Service("ns1", "svc1", "10.20.30.41", Port("p80", 80));
        service.Spec.InternalTrafficPolicy = "Local";
        V1EndpointSlice[] slices = [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1", node: "node-1"), Endpoint("10.180.0.2", node: "node-2"))];

        var here = IptablesRules.Build([service], slices, "node-1", null);
        var elsewhere = IptablesRules.Build([service], slices, "node-3", null);

        var svl = ChainNames.LocalService("ns1/svc1:p80", "tcp");
        Assert.That(ChainRules(here, "nat", "KUBE-SERVICES")[0], Does.EndWith($"-j {svl}"));
        Assert.That(ChainRules(here, "nat", svl), Is.EqualTo(new[] { $"-A {svl} -m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\" -j {Sep1}" }));
        Assert.That(here, Does.Not.Contain("10.180.0.2"));
        Assert.That(ChainRules(elsewhere, "filter", "KUBE-SERVICES"), Is.EqualTo(new[]
        {
            "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 has no local endpoints\" -m tcp -p tcp -d 10.20.30.41/32 --dport 80 -j DROP",
        }));
    }

    [Test]
    public void Headless_and_external_name_services_are_not_proxied()
    {
        var headless = Service("ns1", "db", "None", Port("pg", 5432));
        var external = Service("ns1", "ext", "", Port("https", 443));
        external.Spec.Type = "ExternalName";

        var result = IptablesRules.Generate([headless, external], [], "node-1", null);

        Assert.That(result.ServicePorts, Is.Zero);
        Assert.That(Table(result.Text, "filter").Where(l => l.StartsWith("-A KUBE-SERVICES", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void The_same_endpoint_in_two_slices_is_used_once_and_slices_of_other_services_are_ignored()
    {
        var text = IptablesRules.Build(
            [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))],
            [
                Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1")),
                Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1")),
                Slice("ns2", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.9")),
                Slice("ns1", "other", [SlicePort("p80", 80)], Endpoint("10.180.0.8")),
            ],
            "node-1",
            null);

        Assert.That(ChainRules(text, "nat", Svc1), Has.Count.EqualTo(1));
        Assert.That(text, Does.Not.Contain("10.180.0.9").And.Not.Contain("10.180.0.8"));
    }

    [Test]
    public void Rule_counts_and_output_are_deterministic()
    {
        V1Service[] services = [Service("ns1", "svc1", "10.20.30.41", Port("p80", 80)), Service("ns0", "a", "10.20.30.40", Port(null, 443))];
        V1EndpointSlice[] slices = [Slice("ns1", "svc1", [SlicePort("p80", 80)], Endpoint("10.180.0.1"), Endpoint("10.180.0.2"))];

        var first = IptablesRules.Generate(services, slices, "node-1", "10.244.0.0/16");
        var second = IptablesRules.Generate(services.Reverse(), slices, "node-1", "10.244.0.0/16");

        Assert.That(second.Text, Is.EqualTo(first.Text));
        Assert.That(first.FilterRules, Is.EqualTo(3 + 1), "KUBE-FORWARD's three rules and ns0/a's reject");
        Assert.That(first.NatRules, Is.EqualTo(4 + 1 + 1 + 1 + 2 + 4), "fixed, service, node ports, masquerade, two jumps, two endpoints");
    }

    [TestCase(1, "1.0000000000")]
    [TestCase(2, "0.5000000000")]
    [TestCase(3, "0.3333333333")]
    [TestCase(6, "0.1666666667")]
    public void Probabilities_use_ten_decimals(int remaining, string expected) =>
        Assert.That(ServicePortRules.Probability(remaining), Is.EqualTo(expected));
}
