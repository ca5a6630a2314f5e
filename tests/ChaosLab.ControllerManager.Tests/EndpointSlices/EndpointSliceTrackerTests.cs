using ChaosLab.ControllerManager.EndpointSlices;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.EndpointSlices;

[Category("Unit")]
public class EndpointSliceTrackerTests
{
    [Test]
    public void Stale_until_the_cache_shows_our_write_or_the_wait_runs_out()
    {
        var time = new ManualTime(TestObjects.Now);
        var tracker = new EndpointSliceTracker(time);
        tracker.Written("default/web", Slice("web-a", "10"));

        Assert.That(tracker.IsStale("default/web", [Slice("web-a", "9")]), Is.True);
        Assert.That(tracker.IsStale("default/web", [Slice("web-a", "10")]), Is.False);

        tracker.Deleted("default/web", Slice("web-a", "10"));
        Assert.That(tracker.IsStale("default/web", [Slice("web-a", "10")]), Is.True);
        time.Advance(EndpointSliceTracker.MaxWait + TimeSpan.FromSeconds(1));
        Assert.That(tracker.IsStale("default/web", [Slice("web-a", "10")]), Is.False);
    }

    private static V1EndpointSlice Slice(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, ResourceVersion = resourceVersion }, AddressType = "IPv4" };
}
