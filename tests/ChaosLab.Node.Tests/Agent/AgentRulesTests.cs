using System.Net;
using ChaosLab.Node.Agent;

namespace ChaosLab.Node.Tests.Agent;

[Category("Unit")]
public sealed class AgentRulesTests
{
    [Test]
    public void A_partition_cuts_both_directions_but_keeps_the_kubelet_port_open_for_the_exec_that_heals_it()
    {
        var rules = AgentRules.ForDrop(AgentRequest.Parse(["drop", "--id", "f1", "--peers", "172.30.1.2"]));
        var text = rules.Select(r => r.ToString()).ToList();

        Assert.That(text[0], Is.EqualTo("INPUT -s 172.30.1.2/32 -p tcp --dport 10250 -j ACCEPT -m comment --comment chaoslab-chaos:f1"));
        Assert.That(text[1], Is.EqualTo("OUTPUT -d 172.30.1.2/32 -p tcp --sport 10250 -j ACCEPT -m comment --comment chaoslab-chaos:f1"));
        Assert.That(text.Skip(2).Select(t => t.Split(" -m comment")[0]), Is.EqualTo(new[]
        {
            "INPUT -s 172.30.1.2/32 -j DROP",
            "FORWARD -s 172.30.1.2/32 -j DROP",
            "OUTPUT -d 172.30.1.2/32 -j DROP",
            "FORWARD -d 172.30.1.2/32 -j DROP",
        }));
    }

    [Test]
    public void Rules_are_inserted_in_reverse_so_that_they_end_up_in_the_listed_order()
    {
        var rules = AgentRules.ForDrop(AgentRequest.Parse(["drop", "--id", "f1", "--peers", "10.0.0.1"]));
        var commands = AgentRules.InsertCommands(rules).ToList();

        Assert.That(commands[^1][..4], Is.EqualTo(new[] { "-w", "-I", "INPUT", "-s" }));
        Assert.That(commands[^1], Does.Contain("ACCEPT"));
        Assert.That(commands[0], Does.Contain("DROP"));
    }

    [Test]
    public void A_loss_is_a_random_inbound_drop_without_the_port_exception()
    {
        var rules = AgentRules.ForDrop(AgentRequest.Parse(["drop", "--id", "f2", "--peers", "0.0.0.0/0", "--percent", "20", "--inbound-only"]));

        Assert.That(rules.Select(r => r.Chain), Is.EqualTo(new[] { "INPUT", "FORWARD" }));
        Assert.That(string.Join(' ', rules[0].Spec), Does.StartWith("-s 0.0.0.0/0 -m statistic --mode random --probability 0.2 -j DROP"));
    }

    [Test]
    public void Latency_queues_what_leaves_the_interface()
    {
        var rules = AgentRules.ForLatency(AgentRequest.Parse(["latency", "--id", "f3", "--delay", "100ms", "--peers", "10.0.0.9"]), "eth0", 4242);

        Assert.That(rules.Select(r => r.ToString().Split(" -m comment")[0]), Is.EqualTo(new[]
        {
            "OUTPUT -o eth0 -d 10.0.0.9/32 -j NFQUEUE --queue-num 4242",
            "FORWARD -o eth0 -d 10.0.0.9/32 -j NFQUEUE --queue-num 4242",
        }));
    }

    [Test]
    public void Heal_finds_exactly_our_rules_in_an_iptables_listing_and_deletes_them_as_listed()
    {
        const string listing = """
            -P INPUT ACCEPT
            -A INPUT -s 10.0.0.1/32 -m comment --comment chaoslab-chaos:f1 -j DROP
            -A INPUT -s 10.0.0.2/32 -m comment --comment "chaoslab-chaos:f10" -j DROP
            -A INPUT -j KUBE-FIREWALL
            """;

        Assert.That(AgentRules.Ours(listing, "f1"), Has.Count.EqualTo(1));
        Assert.That(AgentRules.Ours(listing, null), Has.Count.EqualTo(2));
        Assert.That(AgentRules.DeleteCommand(AgentRules.Ours(listing, "f10")[0]), Is.EqualTo(new[]
        {
            "-w", "-D", "INPUT", "-s", "10.0.0.2/32", "-m", "comment", "--comment", "chaoslab-chaos:f10", "-j", "DROP",
        }));
    }

    [Test]
    public void The_node_interface_is_the_one_holding_the_node_address()
    {
        const string shown = """
            1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
            2: cl0    inet 10.244.1.1/24 brd 10.244.1.255 scope global cl0\       valid_lft forever preferred_lft forever
            3: eth0@if41    inet 172.30.7.4/24 brd 172.30.7.255 scope global eth0\       valid_lft forever preferred_lft forever
            """;

        Assert.That(NodeInterfaces.Holding(shown, IPAddress.Parse("172.30.7.4")), Is.EqualTo("eth0"));
        Assert.That(NodeInterfaces.Holding(shown, IPAddress.Parse("172.30.7.9")), Is.Null);
    }
}
