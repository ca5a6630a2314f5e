using ChaosLab.ControllerManager.Common;

namespace ChaosLab.ControllerManager.Tests.Common;

[Category("Unit")]
public class ControllerExpectationsTests
{
    [Test]
    public void Unsatisfied_until_every_create_and_delete_is_observed()
    {
        var expectations = new ControllerExpectations(new ManualTime(TestObjects.Now));
        expectations.Expect("default/web", 2, ["default/p1"]);

        expectations.CreationObserved("default/web");
        expectations.DeletionObserved("default/web", "default/p1");
        Assert.That(expectations.Satisfied("default/web"), Is.False);

        expectations.CreationObserved("default/web");
        Assert.That(expectations.Satisfied("default/web"), Is.True);
    }

    [Test]
    public void A_deletion_seen_twice_counts_once()
    {
        var expectations = new ControllerExpectations(new ManualTime(TestObjects.Now));
        expectations.Expect("default/web", 0, ["default/p1", "default/p2"]);

        expectations.DeletionObserved("default/web", "default/p1");
        expectations.DeletionObserved("default/web", "default/p1");

        Assert.That(expectations.Satisfied("default/web"), Is.False);
    }

    [Test]
    public void Expectations_expire_so_a_lost_event_cannot_block_for_ever()
    {
        var time = new ManualTime(TestObjects.Now);
        var expectations = new ControllerExpectations(time);
        expectations.Expect("default/web", 3, []);

        time.Advance(ControllerExpectations.Timeout + TimeSpan.FromSeconds(1));

        Assert.That(expectations.Satisfied("default/web"), Is.True);
    }
}
