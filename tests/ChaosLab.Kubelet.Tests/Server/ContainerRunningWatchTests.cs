using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Server;
using ChaosLab.Kubelet.Tests.Support;

namespace ChaosLab.Kubelet.Tests.Server;

[TestFixture]
[Category("Unit")]
public sealed class ContainerRunningWatchTests
{
    [Test]
    public async Task A_runtime_that_is_away_for_a_while_does_not_stop_the_watch()
    {
        var runtime = new FakeRuntime();
        var container = runtime.AddContainer(runtime.AddSandbox("u1"), "main", "main/0.log", 0, ContainerRunState.Running);
        runtime.Unavailable = true;
        using var watch = new ContainerRunningWatch(runtime, container.Id, TimeSpan.FromMilliseconds(20));
        await Task.Delay(100);

        runtime.Exit(container.Id, 0);
        runtime.Unavailable = false;

        Assert.That(() => watch.Running, Is.False.After(5000, 20), "the exit seen once the runtime answers again");
    }
}
