namespace ChaosLab.Scheduler.Tests;

[Category("Unit")]
public sealed class SchedulerMutantsTests
{
    [Test]
    public void The_sound_scheduler_has_no_mutant() =>
        Assert.That(SchedulerOptions.Parse([]).Mutant, Is.Null);

    [Test]
    public void A_known_mutant_is_taken_from_its_flag() =>
        Assert.That(SchedulerOptions.Parse(["--mutant=scheduler-without-lease"]).Mutant, Is.EqualTo(SchedulerMutants.WithoutLease));

    [Test]
    public void An_unknown_mutant_is_refused_naming_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => SchedulerOptions.Parse(["--mutant", "endpoints-lag"]));

        Assert.That(error!.Message, Does.Contain("unknown --mutant endpoints-lag; kube-scheduler's mutants: scheduler-without-lease"));
    }
}
