using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class PodAttachOptionsTests
{
    [Test]
    public void Kubectls_query_is_streams_and_the_kubelet_gets_its_own_names()
    {
        // What kubectl 1.32 sends for `kubectl attach web -c echo`.
        var options = PodAttachOptions.Parse(Query.Of("?container=echo&stderr=true&stdout=true"));

        Assert.That((options.Container, options.Stdin, options.Stdout, options.Stderr, options.Tty), Is.EqualTo(("echo", false, true, true, false)));
        Assert.That(options.KubeletQuery(), Is.EqualTo("output=1&error=1"));
    }

    [Test]
    public void An_interactive_tty_attach_asks_for_stdin_and_tty()
    {
        var options = PodAttachOptions.Parse(Query.Of("?container=shell&stdin=true&stdout=true&tty=true"));

        Assert.That(options.KubeletQuery(), Is.EqualTo("input=1&output=1&tty=1"));
    }

    [TestCase("?container=echo", "you must specify at least 1 of stdin, stdout, stderr")]
    [TestCase("?stdin=yes", "stdin: strconv.ParseBool: parsing \"yes\": invalid syntax")]
    public void Bad_options_are_400s(string query, string message)
    {
        var error = Assert.Throws<ApiException>(() => PodAttachOptions.Parse(Query.Of(query)))!;

        Assert.That((error.Code, error.Message), Is.EqualTo((400, message)));
    }
}
