using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class ExecCommandLineTests
{
    private static readonly ExecTarget Target = new("cl-0123456789", new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["POD_NAME"] = "echo" }, "/srv");

    [Test]
    public void Argv_runs_as_given_in_the_pods_network_namespace_in_a_session_of_its_own()
    {
        var info = ExecCommandLine.StartInfo(Target, new ExecQuery(["sh", "-c", "echo out; exit 3"], false, true, true, false));

        Assert.That(info.FileName, Is.EqualTo("/usr/bin/setsid"));
        Assert.That(info.ArgumentList, Is.EqualTo(new[] { "ip", "netns", "exec", "cl-0123456789", "sh", "-c", "echo out; exit 3" }));
        Assert.That(info.WorkingDirectory, Is.EqualTo("/srv"));
        Assert.That(info.Environment.Keys, Is.EquivalentTo(new[] { "PATH", "POD_NAME" }));
        Assert.That((info.RedirectStandardInput, info.RedirectStandardOutput, info.RedirectStandardError), Is.EqualTo((true, true, true)));
    }

    [Test]
    public void A_tty_comes_from_script_with_the_argv_quoted_for_its_shell()
    {
        var info = ExecCommandLine.StartInfo(Target, new ExecQuery(["sh", "-c", "echo 'it''s'"], true, true, false, true));

        Assert.That(info.ArgumentList.Take(5), Is.EqualTo(new[] { "ip", "netns", "exec", "cl-0123456789", "/usr/bin/script" }));
        Assert.That(info.ArgumentList, Does.Contain("exec 'sh' '-c' 'echo '\\''it'\\'''\\''s'\\'''"));
        Assert.That(info.Environment["TERM"], Is.EqualTo("xterm"));
    }

    [Test]
    public void The_clients_first_terminal_size_is_set_on_the_pty_before_the_command_runs()
    {
        var info = ExecCommandLine.StartInfo(Target, new ExecQuery(["sh"], true, true, false, true), new TerminalSize(100, 30));

        Assert.That(info.ArgumentList, Does.Contain("stty rows 30 cols 100 2>/dev/null; exec 'sh'"));
    }

    [Test]
    public void Shell_quoting_keeps_every_word_literal()
    {
        Assert.That(ExecCommandLine.ShellCommand(["echo", "$HOME", "a b", "it's"]), Is.EqualTo("exec 'echo' '$HOME' 'a b' 'it'\\''s'"));
    }
}
