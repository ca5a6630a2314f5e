using System.Diagnostics;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Tests.Lifecycle;

[Category("Unit")]
public sealed class ProcessIdentityTests
{
    [Test]
    public void This_process_is_alive() => Assert.That(ProcessIdentity.IsAlive(ProcessIdentity.Current), Is.True);

    [Test]
    public void A_process_that_exited_is_not_alive()
    {
        using var child = Process.Start("/bin/sleep", "0.2");
        var identity = ProcessIdentity.Of(child.Id);
        child.WaitForExit();

        Assert.That(identity, Is.Not.Null);
        Assert.That(ProcessIdentity.IsAlive(identity), Is.False);
    }

    [Test]
    public void A_reused_pid_with_another_start_time_is_not_the_same_process()
    {
        var pid = Environment.ProcessId;
        Assert.That(ProcessIdentity.IsAlive($"{pid}@1"), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("12@")]
    public void Malformed_identities_are_not_alive(string? identity) => Assert.That(ProcessIdentity.IsAlive(identity), Is.False);
}
