using ChaosLab.Network.Host;

namespace ChaosLab.Network.Tests.Host;

[Category("Unit")]
public sealed class HostSetupStampTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("host-setup-stamp-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void A_recorded_verification_is_fresh_for_another_process_of_the_same_config()
    {
        var path = Path.Combine(_directory, "host-setup.verified");
        new HostSetupStamp(path, "config-a", TimeSpan.FromSeconds(10)).Record();

        var seen = new HostSetupStamp(path, "config-a", TimeSpan.FromSeconds(10)).FreshVerification();

        Assert.That(seen, Is.Not.Null.And.EqualTo(File.GetLastWriteTimeUtc(path)));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "a temporary file was left behind");
    }

    [Test]
    public void A_stamp_is_not_fresh_for_another_config_when_old_or_when_missing()
    {
        var path = Path.Combine(_directory, "host-setup.verified");
        Assert.That(new HostSetupStamp(path, "config-a", TimeSpan.FromSeconds(10)).FreshVerification(), Is.Null, "missing");

        new HostSetupStamp(path, "config-a", TimeSpan.FromSeconds(10)).Record();
        Assert.That(new HostSetupStamp(path, "config-b", TimeSpan.FromSeconds(10)).FreshVerification(), Is.Null, "another config");

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromSeconds(11));
        Assert.That(new HostSetupStamp(path, "config-a", TimeSpan.FromSeconds(10)).FreshVerification(), Is.Null, "older than the validity");
    }
}
