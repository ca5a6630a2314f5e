using System.Net;
using ChaosLab.Network.Routes;

namespace ChaosLab.Network.Tests.Routes;

[Category("Unit")]
public sealed class RouteTableTests
{
    [Test]
    public void Ip_json_routes_parse_into_destinations_and_gateways()
    {
        const string json = """
            [{"dst":"default","gateway":"172.30.0.1","dev":"eth0","flags":[]},
             {"dst":"10.244.1.0/24","dev":"cl0","protocol":"kernel","scope":"link","prefsrc":"10.244.1.1","flags":[]},
             {"dst":"10.244.2.0/24","gateway":"172.30.0.11","dev":"eth0","flags":[]},
             {"dst":"10.244.9.9","gateway":"172.30.0.12","dev":"eth0","flags":[]}]
            """;

        var routes = RouteTable.Parse(json);

        Assert.That(routes, Is.EqualTo(new[]
        {
            new HostRoute(IPNetwork.Parse("10.244.1.0/24"), null),
            new HostRoute(IPNetwork.Parse("10.244.2.0/24"), IPAddress.Parse("172.30.0.11")),
            new HostRoute(IPNetwork.Parse("10.244.9.9/32"), IPAddress.Parse("172.30.0.12")),
        }));
    }

    [Test]
    public void Empty_output_is_an_empty_table() => Assert.That(RouteTable.Parse(""), Is.Empty);
}
