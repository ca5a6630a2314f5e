using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Tests.Lifecycle;

/// <summary>The reaper never fails a run over another lab's leftover: what will not go comes back as a warning naming it.</summary>
[Category("Unit")]
public sealed class ReaperWarningTests
{
    private string _labsRoot = null!;

    [SetUp]
    public void CreateLabsRoot()
    {
        _labsRoot = Path.Combine(Path.GetTempPath(), $"chaoslab-unit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_labsRoot);
    }

    [TearDown]
    public void RemoveLabsRoot() => Directory.Delete(_labsRoot, recursive: true);

    [Test]
    public async Task A_leftover_that_will_not_go_becomes_a_warning_naming_it_and_the_rest_is_reaped()
    {
        var stuckContainer = LabLabels.ContainerName("crashed", "cp-1");
        var stuckNetwork = LabLabels.NetworkName("crashed");
        var engine = new InMemoryLabEngine
        {
            FailRemoval = (name, _) => name == stuckContainer ? new InvalidOperationException("driver \"overlay2\" failed to remove root filesystem: device or resource busy")
                : name == stuckNetwork ? LabDownTests.ActiveEndpoints(name)
                : null,
        }.WithLab("crashed", "dead0001", "cp-1", "worker-1").WithLab("gone", "dead0002", "cp-1");
        var firewall = new InMemoryFirewall().WithLab("crashed", "dead0001");

        var report = await Reaper.ReapAsync(engine, Options(firewall));

        Assert.That(report.Reaped, Is.EqualTo(new[]
        {
            "crashed (dead0001): 1 containers, 0 networks, 1 volumes, 2 firewall rules",
            "gone (dead0002): 1 containers, 1 networks, 1 volumes, 0 firewall rules",
        }));
        Assert.That(report.Warnings, Has.Count.EqualTo(2));
        Assert.That(report.Warnings[0], Does.StartWith($"leftover of lab crashed (dead0001) not removed: container {stuckContainer}: ").And.Contain("device or resource busy"));
        Assert.That(report.Warnings[1], Does.StartWith($"leftover of lab crashed (dead0001) not removed: network {stuckNetwork}: ")
            .And.Contain("has active endpoints").And.Contain("disconnected by force: a-stale-endpoint"));
        Assert.That(engine.Containers.Select(c => c.Name), Is.EqualTo(new[] { stuckContainer }));
    }

    [Test]
    public async Task A_lab_that_left_only_a_volume_is_found_and_reaped()
    {
        var engine = new InMemoryLabEngine();
        engine.Volumes.Add(new Docker.LabeledObject("vol-x", "vol-x", InMemoryLabEngine.Labels("volume-only", "dead0003")));

        var report = await Reaper.ReapAsync(engine, Options(new InMemoryFirewall()));

        Assert.That(report.Reaped, Is.EqualTo(new[] { "volume-only (dead0003): 0 containers, 0 networks, 1 volumes, 0 firewall rules" }));
        Assert.That(report.Warnings, Is.Empty);
        Assert.That(engine.Volumes, Is.Empty);
    }

    [Test]
    public void An_engine_that_does_not_answer_is_the_one_error()
    {
        var engine = new InMemoryLabEngine { Unreachable = new HttpRequestException("Connection refused (/var/run/docker.sock)") };

        Assert.That(async () => await Reaper.ReapAsync(engine, Options(new InMemoryFirewall())), Throws.InstanceOf<HttpRequestException>());
    }

    private TeardownOptions Options(InMemoryFirewall firewall) => new()
    {
        Firewall = firewall,
        LabsRoot = _labsRoot,
        ContainerRetry = TimeSpan.FromMilliseconds(100),
        NetworkRetry = TimeSpan.FromMilliseconds(100),
        RetryInterval = TimeSpan.FromMilliseconds(10),
    };
}
