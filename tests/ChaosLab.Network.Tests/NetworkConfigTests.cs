using System.Net;

namespace ChaosLab.Network.Tests;

[Category("Unit")]
public sealed class NetworkConfigTests
{
    [Test]
    public void Defaults_fill_what_the_file_leaves_out_and_the_gateway_is_the_first_address()
    {
        var config = NetworkConfig.FromJson("""{"podCidr": "10.244.1.0/24"}""");

        Assert.That(config.BridgeName, Is.EqualTo("cl0"));
        Assert.That(config.Mtu, Is.EqualTo(1500));
        Assert.That(config.ClusterCidr, Is.EqualTo(IPNetwork.Parse("10.244.0.0/16")));
        Assert.That(config.Gateway, Is.EqualTo(IPAddress.Parse("10.244.1.1")));
        Assert.That(config.IpamDirectory, Is.EqualTo("/var/lib/chaoslab/cni/cl0"));
    }

    [Test]
    public void A_config_round_trips_through_json_and_cni_fields_are_ignored()
    {
        var config = new NetworkConfig(IPNetwork.Parse("10.250.2.0/24"), IPNetwork.Parse("10.250.0.0/16"), "clit0", 1400, "/tmp/x");

        var json = config.ToJson();

        Assert.That(json, Does.Contain("\"cniVersion\""));
        Assert.That(NetworkConfig.FromJson(json), Is.EqualTo(config));
    }

    [TestCase("""{"podCidr": "10.245.1.0/24"}""", "not inside the cluster pod CIDR")]
    [TestCase("""{"podCidr": "10.244.1.0/31"}""", "too small")]
    [TestCase("""{"podCidr": "10.244.1.0/24", "bridge": "a-bridge-name-too-long"}""", "invalid bridge name")]
    [TestCase("""{"podCidr": "10.244.1.0/24", "mtu": 100}""", "mtu 100")]
    [TestCase("""{"bridge": "cl0"}""", "podCidr is required")]
    [TestCase("""{"podCidr": "10.244.1.7/24"}""", "host bits set")]
    [TestCase("""not json""", "invalid network config")]
    public void Invalid_configs_are_rejected_saying_why(string json, string reason)
    {
        Assert.That(() => NetworkConfig.FromJson(json), Throws.InstanceOf<NetworkPluginException>().With.Message.Contains(reason));
    }
}
