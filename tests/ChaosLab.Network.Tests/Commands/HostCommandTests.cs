using ChaosLab.Network.Commands;

namespace ChaosLab.Network.Tests.Commands;

[Category("Unit")]
public sealed class HostCommandTests
{
    [Test]
    public async Task A_failing_command_throws_naming_what_was_done_the_command_its_exit_code_and_stderr()
    {
        var error = Assert.ThrowsAsync<CommandFailedException>(async () =>
            await HostCommand.RunAsync("creating bridge cl0", "sh", ["-c", "echo 'File exists' >&2; exit 2"]));

        Assert.That(error!.Message, Is.EqualTo("creating bridge cl0: `sh -c echo 'File exists' >&2; exit 2` exited with 2: File exists"));
        Assert.That(error.Output!.ExitCode, Is.EqualTo(2));
        Assert.That((await HostCommand.TryRunAsync("sh", ["-c", "exit 4"])).ExitCode, Is.EqualTo(4));
    }

    [Test]
    public async Task A_succeeding_command_returns_its_output()
    {
        var output = await HostCommand.RunAsync("echoing", "sh", ["-c", "echo out; echo err >&2"]);

        Assert.That((output.Succeeded, output.Stdout, output.Stderr), Is.EqualTo((true, "out\n", "err\n")));
    }

    [Test]
    public void A_missing_program_says_so()
    {
        Assert.That(async () => await HostCommand.TryRunAsync("chaoslab-no-such-tool", []),
            Throws.InstanceOf<NetworkPluginException>().With.Message.Contains("cannot run `chaoslab-no-such-tool`"));
    }

    [Test]
    public async Task Standard_input_reaches_the_command()
    {
        var output = await HostCommand.TryRunAsync("sh", ["-c", "tr a-z A-Z"], "link set lo up\n");

        Assert.That(output.Stdout, Is.EqualTo("LINK SET LO UP\n"));
    }

    [Test]
    public void An_ip_batch_word_that_the_batch_parser_would_split_is_refused_before_anything_runs()
    {
        Assert.That(async () => await Ip.BatchAsync("configuring", null, [["link", "set", "a b", "up"]]),
            Throws.ArgumentException.With.Message.Contains("'a b'"));
    }
}
