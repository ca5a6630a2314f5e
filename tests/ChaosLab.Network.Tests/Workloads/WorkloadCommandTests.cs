using ChaosLab.Workloads;
using ChaosLab.Workloads.Shell;

namespace ChaosLab.Network.Tests.Workloads;

[Category("Unit")]
public sealed class WorkloadCommandTests
{
    [Test]
    public async Task An_unknown_image_exits_2()
    {
        Assert.That(await WorkloadCommand.RunAsync(["nginx:1.25"]), Is.EqualTo(2));
        Assert.That(await WorkloadCommand.RunAsync([]), Is.EqualTo(2));
    }

    [Test]
    public async Task The_shell_returns_the_exit_code_of_its_script()
    {
        Assert.That(await WorkloadCommand.RunAsync(["chaoslab/shell:1", "exit", "3"]), Is.EqualTo(3));
        Assert.That(await WorkloadCommand.RunAsync(["chaoslab/shell", "test -d /tmp && true"]), Is.Zero);
    }

    [Test]
    public async Task The_shell_without_a_command_exits_2() => Assert.That(await WorkloadCommand.RunAsync(["chaoslab/shell"]), Is.EqualTo(2));

    [Test]
    public void The_shell_joins_command_and_args_with_spaces()
    {
        Assert.That(ShellWorkload.Script(["echo", "a", "b; exit 4"]), Is.EqualTo("echo a b; exit 4"));
    }

    [Test]
    public async Task Pause_and_echo_refuse_arguments_they_do_not_take()
    {
        Assert.That(await WorkloadCommand.RunAsync(["chaoslab/pause", "x"]), Is.EqualTo(2));
        Assert.That(await WorkloadCommand.RunAsync(["chaoslab/echo", "--verbose"]), Is.EqualTo(2));
    }
}
