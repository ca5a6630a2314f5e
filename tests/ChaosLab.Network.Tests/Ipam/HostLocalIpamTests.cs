using System.Net;
using ChaosLab.Network.Ipam;

namespace ChaosLab.Network.Tests.Ipam;

[Category("Unit")]
public sealed class HostLocalIpamTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("chaoslab-ipam-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private HostLocalIpam Ipam(string cidr = "10.244.1.0/24") => new(IPNetwork.Parse(cidr), _directory);

    [Test]
    public async Task The_first_pod_gets_the_address_after_the_gateway()
    {
        var ip = await Ipam().AllocateAsync("pod-a");

        Assert.That(ip, Is.EqualTo(IPAddress.Parse("10.244.1.2")));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "10.244.1.2")), Is.EqualTo("pod-a"));
    }

    [Test]
    public async Task Allocation_is_idempotent_per_pod()
    {
        var ipam = Ipam();
        var first = await ipam.AllocateAsync("pod-a");
        await ipam.AllocateAsync("pod-b");

        Assert.That(await ipam.AllocateAsync("pod-a"), Is.EqualTo(first));
        Assert.That(ipam.Allocations(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Different_pods_get_different_addresses_inside_the_subnet()
    {
        var ipam = Ipam();
        var ips = new List<IPAddress>();
        for (var i = 0; i < 20; i++)
        {
            ips.Add(await ipam.AllocateAsync($"pod-{i}"));
        }

        Assert.That(ips, Is.Unique);
        Assert.That(ips.All(ip => IPNetwork.Parse("10.244.1.0/24").Contains(ip)), Is.True);
    }

    [Test]
    public async Task Release_frees_the_address_and_a_second_release_is_a_no_op()
    {
        var ipam = Ipam();
        var ip = await ipam.AllocateAsync("pod-a");

        Assert.That(await ipam.ReleaseAsync("pod-a"), Is.EqualTo(ip));
        Assert.That(await ipam.ReleaseAsync("pod-a"), Is.Null);
        Assert.That(ipam.Find("pod-a"), Is.Null);
        Assert.That(File.Exists(Path.Combine(_directory, ip.ToString())), Is.False);
    }

    [Test]
    public async Task A_released_address_is_not_handed_out_again_at_once()
    {
        var ipam = Ipam();
        var a = await ipam.AllocateAsync("pod-a");
        await ipam.ReleaseAsync("pod-a");

        Assert.That(await ipam.AllocateAsync("pod-b"), Is.Not.EqualTo(a));
    }

    [Test]
    public async Task A_full_subnet_throws_naming_the_subnet_and_wraps_around_after_a_release()
    {
        // A /29 has 8 addresses: network, gateway, broadcast and 5 for pods.
        var ipam = Ipam("10.244.1.0/29");
        var ips = new List<IPAddress>();
        for (var i = 0; i < 5; i++)
        {
            ips.Add(await ipam.AllocateAsync($"pod-{i}"));
        }

        Assert.That(ipam.Capacity, Is.EqualTo(5));
        Assert.That(ips.Select(ip => ip.ToString()), Is.EqualTo(new[] { "10.244.1.2", "10.244.1.3", "10.244.1.4", "10.244.1.5", "10.244.1.6" }));
        Assert.That(async () => await ipam.AllocateAsync("pod-x"),
            Throws.InstanceOf<IpamExhaustedException>().With.Message.Contains("10.244.1.0/29"));

        await ipam.ReleaseAsync("pod-2");
        Assert.That(await ipam.AllocateAsync("pod-x"), Is.EqualTo(IPAddress.Parse("10.244.1.4")));
    }

    [Test]
    public async Task Allocations_survive_a_new_instance_on_the_same_directory()
    {
        var ip = await Ipam().AllocateAsync("pod-a");

        Assert.That(Ipam().Find("pod-a"), Is.EqualTo(ip));
        Assert.That(await Ipam().AllocateAsync("pod-b"), Is.Not.EqualTo(ip));
    }

    [Test]
    public async Task Concurrent_allocations_never_share_an_address()
    {
        var ips = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => Ipam().AllocateAsync($"pod-{i}"))));

        Assert.That(ips, Is.Unique);
        Assert.That(Ipam().Allocations(), Has.Count.EqualTo(30));
    }

    [Test]
    public void Pod_ids_with_control_characters_are_rejected()
    {
        Assert.That(async () => await Ipam().AllocateAsync("pod\nb"), Throws.ArgumentException);
        Assert.That(async () => await Ipam().AllocateAsync(""), Throws.ArgumentException);
    }

    [Test]
    public void A_subnet_without_room_for_pods_is_rejected()
    {
        Assert.That(() => Ipam("10.244.1.0/31"), Throws.ArgumentException.With.Message.Contains("/30"));
    }
}
