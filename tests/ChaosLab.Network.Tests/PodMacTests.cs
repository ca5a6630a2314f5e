using System.Net;

namespace ChaosLab.Network.Tests;

[Category("Unit")]
public sealed class PodMacTests
{
    [TestCase("10.244.1.7", "0a:58:0a:f4:01:07")]
    [TestCase("10.250.255.254", "0a:58:0a:fa:ff:fe")]
    public void A_pods_mac_is_the_locally_administered_prefix_and_its_address(string ip, string mac)
    {
        Assert.That(BridgePlugin.MacFor(IPAddress.Parse(ip)), Is.EqualTo(mac));
    }
}
