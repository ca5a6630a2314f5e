using System.Net;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class ServiceIpAllocatorTests
{
    private readonly ServiceIpAllocator _allocator = new(IPNetwork.Parse("10.96.0.0/16"));

    [Test]
    public void The_first_address_is_the_kubernetes_service() => Assert.That(_allocator.First, Is.EqualTo(IPAddress.Parse("10.96.0.1")));

    [Test]
    public void Dynamic_candidates_come_from_the_upper_band_of_the_range()
    {
        for (var i = 0; i < 200; i++)
        {
            var ip = _allocator.Candidate();
            Assert.That(_allocator.Range.Contains(ip), Is.True);
            Assert.That(ip.GetAddressBytes()[2] * 256 + ip.GetAddressBytes()[3], Is.GreaterThanOrEqualTo(256), "static band used");
        }
    }

    [Test]
    public void A_requested_address_outside_the_range_is_invalid()
    {
        var service = JsonNode.Parse("""{"metadata":{"name":"s"},"spec":{"clusterIP":"10.97.0.5"}}""")!.AsObject();
        var ex = Assert.Throws<ApiException>(() => _allocator.Requested(service))!;
        Assert.That((ex.Code, ex.Message), Is.EqualTo((422, ex.Message)));
        Assert.That(ex.Message, Does.Contain("spec.clusterIPs").And.Contain("10.96.0.0/16"));
    }

    [TestCase("", "")]
    [TestCase("None", "None")]
    [TestCase("10.96.3.4", "10.96.3.4")]
    public void Requested_addresses_pass_through(string requested, string expected)
    {
        var service = new JsonObject { ["spec"] = new JsonObject { ["clusterIP"] = requested } };
        Assert.That(_allocator.Requested(service), Is.EqualTo(expected));
    }
}
