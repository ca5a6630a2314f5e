using System.Net;
using ChaosLab.ControllerManager.NodeIpam;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.NodeIpam;

[Category("Unit")]
public class RangeAllocatorTests
{
    [Test]
    public void Hands_out_node_sized_subnets_in_order()
    {
        var allocator = Allocator("10.244.0.0/16", 24);

        Assert.That(allocator.Allocate(), Is.EqualTo(new[] { "10.244.0.0/24" }));
        Assert.That(allocator.Allocate(), Is.EqualTo(new[] { "10.244.1.0/24" }));
    }

    [Test]
    public void Never_reuses_a_cidr_an_existing_node_has()
    {
        var allocator = Allocator("10.244.0.0/16", 24);
        allocator.Occupy(Node("10.244.0.0/24"));
        allocator.Occupy(Node("10.244.2.0/24"));

        var first = allocator.Allocate()!.Single();
        var second = allocator.Allocate()!.Single();

        Assert.That(new[] { first, second }, Is.EqualTo(new[] { "10.244.1.0/24", "10.244.3.0/24" }));
    }

    [Test]
    public void Exhaustion_returns_null_and_release_makes_room()
    {
        var allocator = Allocator("10.0.0.0/30", 31);
        var a = allocator.Allocate()!;
        allocator.Allocate();

        Assert.That(allocator.Allocate(), Is.Null);
        allocator.Release(a);
        Assert.That(allocator.Allocate(), Is.EqualTo(a));
    }

    [Test]
    public void Dual_stack_gives_one_cidr_per_family()
    {
        var allocator = new RangeAllocator([new CidrSet(IPNetwork.Parse("10.244.0.0/16"), 24), new CidrSet(IPNetwork.Parse("fd00:10:244::/56"), 64)]);

        Assert.That(allocator.Allocate(), Is.EqualTo(new[] { "10.244.0.0/24", "fd00:10:244::/64" }));
        Assert.That(allocator.Allocate(), Is.EqualTo(new[] { "10.244.1.0/24", "fd00:10:244:1::/64" }));
    }

    [Test]
    public void Cidrs_outside_the_cluster_range_are_reported_not_taken()
    {
        var allocator = Allocator("10.244.0.0/16", 24);

        Assert.That(allocator.Occupy(Node("192.168.0.0/24")), Is.EqualTo(new[] { "192.168.0.0/24" }));
        Assert.That(allocator.Sets[0].Allocated, Is.Zero);
    }

    [Test]
    public void A_larger_cidr_occupies_every_subnet_it_covers()
    {
        var set = new CidrSet(IPNetwork.Parse("10.244.0.0/16"), 24);

        set.Occupy(IPNetwork.Parse("10.244.0.0/23"));

        Assert.That(set.Allocated, Is.EqualTo(2));
        Assert.That(set.AllocateNext().ToString(), Is.EqualTo("10.244.2.0/24"));
    }

    [Test]
    public void Default_mask_is_24_and_too_many_subnets_are_refused()
    {
        Assert.That(ControllerManagerOptions.Parse(["--cluster-cidr=10.244.0.0/16", "--allocate-node-cidrs"]).NodeCidrMaskSize, Is.EqualTo(24));
        Assert.Throws<ArgumentException>(() => _ = new CidrSet(IPNetwork.Parse("10.0.0.0/8"), 28));
    }

    private static RangeAllocator Allocator(string cidr, int mask) => new([new CidrSet(IPNetwork.Parse(cidr), mask)]);

    private static V1Node Node(string podCidr) => new()
    {
        Metadata = new V1ObjectMeta { Name = "n" },
        Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr] },
    };
}
