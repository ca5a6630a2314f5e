using System.Net;
using ChaosLab.Lab.Lifecycle;
using Docker.DotNet;

namespace ChaosLab.Lab.Tests.Lifecycle;

/// <summary>`down` removes containers, then networks, volumes, host rules and folder; it carries on past every error and says what stays.</summary>
[Category("Unit")]
public sealed class LabDownTests
{
    private const string Lab = "unit-down";
    private const string Id = "0a0b0c0d";

    private string _labsRoot = null!;

    [SetUp]
    public void CreateLabsRoot()
    {
        _labsRoot = Path.Combine(Path.GetTempPath(), $"chaoslab-unit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_labsRoot, Lab));
    }

    [TearDown]
    public void RemoveLabsRoot() => Directory.Delete(_labsRoot, recursive: true);

    [Test]
    public async Task A_network_that_still_has_active_endpoints_twice_is_removed_on_the_third_try()
    {
        var engine = new InMemoryLabEngine
        {
            FailRemoval = (name, attempt) => name == LabLabels.NetworkName(Lab) && attempt <= 2 ? ActiveEndpoints(name) : null,
        }.WithLab(Lab, Id, "cp-1", "worker-1");
        var firewall = new InMemoryFirewall().WithLab(Lab, Id);

        var removed = await LabDown.RunAsync(engine, Lab, Id, Options(firewall));

        Assert.That(removed.Remaining, Is.Empty);
        Assert.That((removed.Containers, removed.Networks, removed.Volumes, removed.FirewallRules, removed.Folder), Is.EqualTo((2, 1, 1, 2, true)));
        Assert.That(engine.Attempts(LabLabels.NetworkName(Lab)), Is.EqualTo(3));
        Assert.That(engine.Disconnected, Is.Empty, "endpoints that detach on their own need no forced disconnect");
        Assert.That(engine.Networks, Is.Empty);
    }

    [Test]
    public async Task Endpoints_that_stay_are_disconnected_by_force_and_the_network_then_goes()
    {
        InMemoryLabEngine engine = null!;
        engine = new InMemoryLabEngine
        {
            FailRemoval = (name, _) => name == LabLabels.NetworkName(Lab) && engine.Disconnected.Count == 0 ? ActiveEndpoints(name) : null,
        }.WithLab(Lab, Id, "cp-1");

        var removed = await LabDown.RunAsync(engine, Lab, Id, Options(new InMemoryFirewall()));

        Assert.That(removed.Remaining, Is.Empty);
        Assert.That(removed.Networks, Is.EqualTo(1));
        Assert.That(engine.Disconnected, Is.EqualTo(new[] { $"id-net-{Lab}" }));
    }

    [Test]
    public async Task A_container_that_cannot_be_removed_is_reported_and_everything_else_still_goes()
    {
        var stuck = LabLabels.ContainerName(Lab, "worker-1");
        var engine = new InMemoryLabEngine
        {
            FailRemoval = (name, _) => name == stuck ? new DockerApiException(HttpStatusCode.InternalServerError,
                $$"""{"message":"cannot remove container \"/{{stuck}}\": could not kill: tried to kill container, but did not receive an exit event"}""") : null,
        }.WithLab(Lab, Id, "cp-1", "worker-1", "worker-2");
        var firewall = new InMemoryFirewall().WithLab(Lab, Id);
        firewall.Stuck.Add($"chaoslab:{Lab}:{Id}");

        var removed = await LabDown.RunAsync(engine, Lab, Id, Options(firewall));

        Assert.That((removed.Containers, removed.Networks, removed.Volumes, removed.FirewallRules, removed.Folder), Is.EqualTo((2, 1, 1, 0, true)));
        Assert.That((removed.Found, removed.Complete), Is.EqualTo((true, false)));
        Assert.That(engine.Attempts(stuck), Is.GreaterThan(1), "a failing removal is tried again for a while");
        Assert.That(engine.Containers.Select(c => c.Name), Is.EqualTo(new[] { stuck }));
        Assert.That(removed.Remaining.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            $"container {stuck}: cannot remove container \"/{stuck}\": could not kill: tried to kill container, but did not receive an exit event",
            $"firewall rule chaoslab:{Lab}:{Id} in DOCKER-USER: iptables -D DOCKER-USER failed: Resource temporarily unavailable",
            $"firewall rule chaoslab:{Lab}:{Id} in INPUT: iptables -D INPUT failed: Resource temporarily unavailable",
        }));
    }

    [Test]
    public async Task A_lab_with_nothing_on_the_machine_is_not_found()
    {
        Directory.Delete(Path.Combine(_labsRoot, Lab));

        var removed = await LabDown.RunAsync(new InMemoryLabEngine().WithLab("other", "1"), Lab, null, Options(new InMemoryFirewall().WithLab("other", "1")));

        Assert.That((removed.Found, removed.Any, removed.Complete), Is.EqualTo((false, false, true)));
    }

    [Test]
    public async Task An_engine_that_does_not_answer_leaves_everything_reported_and_still_removes_the_host_side()
    {
        var engine = new InMemoryLabEngine { Unreachable = new HttpRequestException("Connection refused (/var/run/docker.sock)") };
        var firewall = new InMemoryFirewall().WithLab(Lab, Id);

        var removed = await LabDown.RunAsync(engine, Lab, null, Options(firewall));

        Assert.That(removed.Remaining.Select(r => r.Kind), Is.EqualTo(new[] { "containers", "networks", "volumes" }));
        Assert.That(removed.Remaining.Select(r => r.Reason), Has.All.Contains("Connection refused"));
        Assert.That((removed.FirewallRules, removed.Folder), Is.EqualTo((2, true)));
    }

    private TeardownOptions Options(InMemoryFirewall firewall) => new()
    {
        Firewall = firewall,
        LabsRoot = _labsRoot,
        ContainerRetry = TimeSpan.FromSeconds(1),
        NetworkRetry = TimeSpan.FromSeconds(1),
        RetryInterval = TimeSpan.FromMilliseconds(10),
    };

    /// <summary>What Docker answers (403) while containers are still attached to a network.</summary>
    internal static DockerApiException ActiveEndpoints(string network) =>
        new(HttpStatusCode.Forbidden, $$"""{"message":"error while removing network: network {{network}} id 3f2a9c has active endpoints"}""");
}
