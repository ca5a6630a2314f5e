using System.Net;
using ChaosLab.Network.CommandLine;
using ChaosLab.Network.Routes;

namespace ChaosLab.Network.Tests.CommandLine;

[Category("Unit")]
public sealed class CniArgumentsTests
{
    [Test]
    public void Add_takes_pod_netns_config_and_defaults_the_interface_to_eth0()
    {
        var args = CniArguments.Parse(["add", "--pod", "p1", "--netns", "/var/run/netns/p1", "--config", "/etc/cni.json"]);

        Assert.That(args, Is.EqualTo(new CniArguments("add", "/etc/cni.json", "p1", "/var/run/netns/p1", "eth0", args.Peers)));
        Assert.That(args.Peers, Is.Empty);
    }

    [Test]
    public void Del_does_not_need_a_netns()
    {
        var args = CniArguments.Parse(["del", "--pod", "p1", "--config", "c.json", "--ifname", "net1"]);

        Assert.That((args.Verb, args.Netns, args.IfName), Is.EqualTo(("del", (string?)null, "net1")));
    }

    [Test]
    public void Routes_takes_peers_as_podcidr_equals_node_ip()
    {
        var args = CniArguments.Parse(["routes", "--config", "c.json", "--peer", "10.244.2.0/24=172.30.0.11", "--peer", "10.244.3.0/24=172.30.0.12"]);

        Assert.That(args.Peers, Is.EqualTo(new[]
        {
            new PeerNode(IPNetwork.Parse("10.244.2.0/24"), IPAddress.Parse("172.30.0.11")),
            new PeerNode(IPNetwork.Parse("10.244.3.0/24"), IPAddress.Parse("172.30.0.12")),
        }));
    }

    [TestCase(new string[0], "missing command")]
    [TestCase(new[] { "bogus" }, "unknown command 'bogus'")]
    [TestCase(new[] { "add", "--pod", "p1", "--netns", "/n" }, "--config is required")]
    [TestCase(new[] { "add", "--netns", "/n", "--config", "c" }, "add needs --pod")]
    [TestCase(new[] { "check", "--pod", "p", "--config", "c" }, "check needs --netns")]
    [TestCase(new[] { "add", "--pod" }, "--pod needs a value")]
    [TestCase(new[] { "add", "--pod", "p", "--netns", "/n", "--config", "c", "--what", "x" }, "unknown option --what")]
    [TestCase(new[] { "routes", "--config", "c", "--peer", "10.244.2.0/24" }, "not PODCIDR=NODEIP")]
    [TestCase(new[] { "routes", "--config", "c", "--peer", "10.244.2.9/24=172.30.0.11" }, "host bits set")]
    [TestCase(new[] { "routes", "--config", "c", "--pod", "p" }, "routes takes only")]
    public void Bad_command_lines_are_rejected_saying_why(string[] argv, string reason)
    {
        Assert.That(() => CniArguments.Parse(argv), Throws.ArgumentException.With.Message.Contains(reason));
    }
}
