using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class PodExecOptionsTests
{
    [Test]
    public void Kubectls_query_is_argv_and_streams_and_the_kubelet_gets_its_own_names()
    {
        // What kubectl 1.32 sends for `kubectl exec web -- sh -c 'echo out; echo err >&2; exit 3'`.
        var options = PodExecOptions.Parse(Query.Of("?command=sh&command=-c&command=echo+out%3B+echo+err+%3E%262%3B+exit+3&container=echo&stderr=true&stdout=true"));

        Assert.That(options.Command, Is.EqualTo(new[] { "sh", "-c", "echo out; echo err >&2; exit 3" }));
        Assert.That((options.Container, options.Stdin, options.Stdout, options.Stderr, options.Tty), Is.EqualTo(("echo", false, true, true, false)));
        Assert.That(options.KubeletQuery(), Is.EqualTo("command=sh&command=-c&command=echo%20out%3B%20echo%20err%20%3E%262%3B%20exit%203&output=1&error=1"));
    }

    [Test]
    public void An_interactive_tty_session_asks_for_stdin_and_tty()
    {
        var options = PodExecOptions.Parse(Query.Of("?command=sh&container=echo&stdin=true&stdout=true&tty=true"));

        Assert.That(options.KubeletQuery(), Is.EqualTo("command=sh&input=1&output=1&tty=1"));
    }

    [TestCase("?stdout=true", "you must specify at least 1 command")]
    [TestCase("?command=ls", "you must specify at least 1 of stdin, stdout, stderr")]
    [TestCase("?command=ls&stdout=maybe", "stdout: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    public void Bad_requests_are_a_400(string query, string message)
    {
        var error = Assert.Throws<ApiException>(() => PodExecOptions.Parse(Query.Of(query)))!;

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((400, "BadRequest", message)));
    }
}
