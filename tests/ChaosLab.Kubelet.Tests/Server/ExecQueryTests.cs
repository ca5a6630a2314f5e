using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class ExecQueryTests
{
    [Test]
    public void Repeated_command_parameters_are_the_argv_in_order()
    {
        var exec = ExecQuery.Parse(Query.Of("?command=sh&command=-c&command=echo+out%3B+exit+3&output=1&error=1"));

        Assert.That(exec.Command, Is.EqualTo(new[] { "sh", "-c", "echo out; exit 3" }));
        Assert.That((exec.Stdin, exec.Stdout, exec.Stderr, exec.Tty), Is.EqualTo((false, true, true, false)));
    }

    [Test]
    public void A_tty_has_no_separate_stderr()
    {
        var exec = ExecQuery.Parse(Query.Of("?command=sh&input=1&output=1&error=1&tty=1"));

        Assert.That((exec.Stdin, exec.Stdout, exec.Stderr, exec.Tty), Is.EqualTo((true, true, false, true)));
    }

    [Test]
    public void No_command_or_no_stream_is_refused_with_a_400()
    {
        var noCommand = Assert.Throws<KubeletRequestException>(() => ExecQuery.Parse(Query.Of("?output=1")))!;
        Assert.That((noCommand.StatusCode, noCommand.Message), Is.EqualTo((400, "you must specify at least 1 command")));

        var noStream = Assert.Throws<KubeletRequestException>(() => ExecQuery.Parse(Query.Of("?command=ls")))!;
        Assert.That((noStream.StatusCode, noStream.Message), Is.EqualTo((400, "you must specify at least 1 of stdin, stdout, stderr")));
    }
}
