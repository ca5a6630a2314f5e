using System.Diagnostics;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Tests.Support;
using ChaosLab.TestSupport;
using CliWrap;

namespace ChaosLab.Lab.Tests.Integration;

/// <summary>A run killed with SIGKILL leaves containers behind; the next run's reaper removes them,
/// and never a lab whose owner still lives.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ReaperTests
{
    private readonly DockerEngine _engine = new();

    [OneTimeTearDown]
    public void Dispose() => _engine.Dispose();

    [Test]
    public async Task Leftovers_of_an_up_killed_with_sigkill_are_reaped()
    {
        var name = TestLabs.UniqueName("crash");
        using var cts = new CancellationTokenSource();
        // The CLI's own lab (no owner variable): persistent once ready, so it is killed before it is ready.
        var up = ChaosLabCli.Command(["up", "--name", name]).ExecuteAsync(cts.Token, cts.Token);
        try
        {
            await ChaosLab.Lab.Lifecycle.Waiter.UntilAsync("the killed run's first container", TimeSpan.FromSeconds(60), async ct =>
            {
                var containers = await _engine.ListContainersAsync($"{LabLabels.Lab}={name}", ct);
                return (containers.Count > 0, $"{containers.Count} containers");
            }, TimeSpan.FromMilliseconds(50));
        }
        finally
        {
            Process.GetProcessById(up.ProcessId).Kill(); // SIGKILL: no clean-up runs
        }
        Assert.That((await up).ExitCode, Is.Not.Zero);
        Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Not.Empty, "the killed run should have left something to reap");

        var reaped = (await new LabController(_engine, TestLabs.Progress).ReapAsync()).Reaped;

        Assert.That(reaped, Has.Some.StartsWith(name));
        Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Empty);
    }

    [Test]
    public async Task A_lab_of_another_chaoslab_home_is_judged_by_its_own_state()
    {
        var name = TestLabs.UniqueName("home");
        var otherHome = Directory.CreateTempSubdirectory("chaoslab-other-home-").FullName;
        var env = new Dictionary<string, string?> { ["CHAOSLAB_HOME"] = otherHome };
        try
        {
            // Persistent (no owner variable): alive for as long as its state in the other home says it is up.
            var up = await ChaosLabCli.Command(["up", "--name", name], env).ExecuteAsync();
            Assert.That(up.ExitCode, Is.Zero);

            var controller = new LabController(_engine, TestLabs.Progress);
            Assert.That((await controller.ReapAsync()).Reaped, Has.None.StartsWith(name), "a lab that is up in another CHAOSLAB_HOME was reaped");
            Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Not.Empty);

            // That home is gone (a CI workspace removed with its labs still running): now they are leftovers.
            Directory.Delete(otherHome, recursive: true);
            Assert.That((await controller.ReapAsync()).Reaped, Has.Some.StartsWith(name));
            Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Empty);
        }
        finally
        {
            if (Directory.Exists(otherHome))
            {
                await ChaosLabCli.Command(["down", "--name", name], env).WithValidation(CommandResultValidation.None).ExecuteAsync();
                Directory.Delete(otherHome, recursive: true);
            }
        }
    }

    [Test]
    public async Task A_lab_whose_owner_lives_is_kept_and_reaped_once_the_owner_is_gone()
    {
        using var owner = Process.Start("/bin/sleep", "600");
        var name = TestLabs.UniqueName("owned");
        try
        {
            var up = await ChaosLabCli.Command(["up", "--name", name],
                new Dictionary<string, string?> { [ChaosLab.Lab.Lifecycle.UpOptions.OwnerPidVariable] = owner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                .ExecuteAsync();
            Assert.That(up.ExitCode, Is.Zero);

            var controller = new LabController(_engine, TestLabs.Progress);
            Assert.That((await controller.ReapAsync()).Reaped, Has.None.StartsWith(name), "a lab of a living owner was reaped");
            Assert.That((await controller.StatusAsync(name)).Healthy, Is.True);

            owner.Kill();
            await owner.WaitForExitAsync();
            Assert.That((await controller.ReapAsync()).Reaped, Has.Some.StartsWith(name));
            Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Empty);
        }
        finally
        {
            if (!owner.HasExited)
            {
                owner.Kill();
            }
            await new LabController(_engine, TestLabs.Progress).DownAsync(name);
        }
    }
}
