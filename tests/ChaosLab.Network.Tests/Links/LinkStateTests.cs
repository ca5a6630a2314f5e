using System.Net;
using ChaosLab.Network.Links;

namespace ChaosLab.Network.Tests.Links;

[Category("Unit")]
public sealed class LinkStateTests
{
    [Test]
    public void Ip_json_addr_output_gives_name_mac_master_state_kind_and_ipv4_addresses()
    {
        const string json = """
            [{"ifindex":5,"ifname":"veth9bb860b4","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"master":"cl0",
              "operstate":"UP","address":"ae:58:67:6b:e8:e1","linkinfo":{"info_kind":"veth"},
              "addr_info":[{"family":"inet","local":"10.244.1.5","prefixlen":24},{"family":"inet6","local":"fe80::1","prefixlen":64}]}]
            """;

        var link = LinkState.ParseFirst(json)!;

        Assert.That(link.Name, Is.EqualTo("veth9bb860b4"));
        Assert.That(link.Mac, Is.EqualTo("ae:58:67:6b:e8:e1"));
        Assert.That(link.Master, Is.EqualTo("cl0"));
        Assert.That(link.IsUp, Is.True);
        Assert.That(link.Kind, Is.EqualTo("veth"));
        Assert.That(link.Mtu, Is.EqualTo(1500));
        Assert.That(link.Addresses, Is.EqualTo(new[] { new InterfaceAddress(IPAddress.Parse("10.244.1.5"), 24) }));
    }

    [Test]
    public void A_down_device_without_master_or_addresses()
    {
        var link = LinkState.ParseFirst("""[{"ifname":"cl0","flags":["BROADCAST","MULTICAST"],"mtu":1500,"address":"00:11:22:33:44:55","addr_info":[]}]""")!;

        Assert.That((link.IsUp, link.Master, link.Kind, link.Addresses.Count), Is.EqualTo((false, (string?)null, (string?)null, 0)));
    }

    [Test]
    public void No_device_is_null() => Assert.That(LinkState.ParseFirst("[]"), Is.Null);
}
