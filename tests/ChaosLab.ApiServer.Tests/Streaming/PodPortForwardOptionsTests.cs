using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class PodPortForwardOptionsTests
{
    [TestCase("?ports=8080", "port=8080")]
    [TestCase("?ports=8080&ports=9090", "port=8080&port=9090")]
    [TestCase("?ports=80,443", "port=80&port=443")]
    public void Ports_repeated_or_comma_separated_go_to_the_kubelet_one_port_parameter_each(string query, string kubelet)
    {
        Assert.That(PodPortForwardOptions.Parse(Query.Of(query)).KubeletQuery(), Is.EqualTo(kubelet));
    }

    [TestCase("", "query parameter \"port\" is required")]
    [TestCase("?ports=http", "ports: strconv.ParseInt: parsing \"http\": invalid syntax")]
    [TestCase("?ports=0", "port \"0\" must be 1-65535")]
    [TestCase("?ports=70000", "port \"70000\" must be 1-65535")]
    public void Missing_or_bad_ports_are_a_400_before_any_upgrade(string query, string message)
    {
        var error = Assert.Throws<ApiException>(() => PodPortForwardOptions.Parse(Query.Of(query)))!;

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((400, "BadRequest", message)));
    }
}
