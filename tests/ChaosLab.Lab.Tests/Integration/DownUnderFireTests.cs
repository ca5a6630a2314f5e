using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Tests.Support;
using ChaosLab.TestSupport;
using Docker.DotNet;

namespace ChaosLab.Lab.Tests.Integration;

/// <summary>
/// `down` of a lab whose node is killed while it runs: it finishes and says what it removed and what stays, and
/// nothing it left can wedge the machine: another lab comes up, and a second `down` removes the rest.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DownUnderFireTests
{
    private readonly DockerEngine _engine = new();

    [OneTimeTearDown]
    public void Dispose() => _engine.Dispose();

    [Test]
    public async Task Down_with_a_node_killed_half_way_reports_clearly_and_the_next_up_of_another_lab_succeeds()
    {
        var first = TestLabs.UniqueName("wedge");
        var second = TestLabs.UniqueName("wedge2");
        var controller = new LabController(_engine, TestLabs.Progress);
        try
        {
            await TestLabs.UpAsync(_engine, "single", first);

            var down = controller.DownAsync(first);
            await KillAsync(LabLabels.ContainerName(first, "worker-1"));
            var removed = await down;

            await TestContext.Progress.WriteLineAsync($"down of {first} removed {removed}; remaining: {(removed.Complete ? "nothing" : string.Join("; ", removed.Remaining))}");
            Assert.That(removed.Found, Is.True);
            Assert.That(removed.Containers + removed.Remaining.Count(r => r.Kind == "container"), Is.EqualTo(3),
                "each of the 3 node containers is either removed or named as remaining");
            Assert.That(removed.Remaining, Has.All.Matches<RemainingObject>(r => r.Kind.Length > 0 && r.Name.Length > 0 && r.Reason.Length > 0));
            Assert.That(removed.Complete, Is.EqualTo(await TestLabs.LeftoversAsync(_engine, first) == ""), "down says it is complete exactly when nothing is left");

            // Its reaper meets what the first lab left (if anything) and must carry on.
            await TestLabs.UpAsync(_engine, "single", second);
            Assert.That((await controller.StatusAsync(second)).Healthy, Is.True);

            var again = await ChaosLabCli.RunAsync("down", "--name", first);
            Assert.That(again.ExitCode, Is.EqualTo(removed.Complete ? 3 : 0), again.StandardOutput + again.StandardError);
            Assert.That(await TestLabs.LeftoversAsync(_engine, first), Is.Empty);
        }
        finally
        {
            await TestLabs.DownAsync(_engine, first);
            await TestLabs.DownAsync(_engine, second);
        }
        Assert.That(await TestLabs.LeftoversAsync(_engine, first), Is.Empty);
        Assert.That(await TestLabs.LeftoversAsync(_engine, second), Is.Empty);
    }

    /// <summary>SIGKILL through the engine; `down` may already have removed it, or be removing it, which is fine.</summary>
    private async Task KillAsync(string container)
    {
        try
        {
            await _engine.KillAsync(container);
            await TestContext.Progress.WriteLineAsync($"killed {container} while down ran");
        }
        catch (DockerApiException ex)
        {
            await TestContext.Progress.WriteLineAsync($"kill of {container} while down ran: {ex.StatusCode} (down got there first)");
        }
    }
}
