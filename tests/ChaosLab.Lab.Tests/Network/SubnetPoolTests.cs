using System.Net;
using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Tests.Network;

[Category("Unit")]
public sealed class SubnetPoolTests
{
    [Test]
    public void Skips_subnets_used_by_other_networks()
    {
        IPNetwork[] used = [IPNetwork.Parse("172.30.0.0/24"), IPNetwork.Parse("172.30.1.0/24"), IPNetwork.Parse("172.17.0.0/16")];

        Assert.That(SubnetPool.FreeSubnets(used).First(), Is.EqualTo(IPNetwork.Parse("172.30.2.0/24")));
    }

    [Test]
    public void A_wide_network_over_the_pool_leaves_nothing_free() =>
        Assert.That(SubnetPool.FreeSubnets([IPNetwork.Parse("172.16.0.0/12")]), Is.Empty);

    [Test]
    public void Address_at_offset_counts_from_the_subnet_base() =>
        Assert.That(SubnetPool.AddressAt(IPNetwork.Parse("172.30.4.0/24"), 10), Is.EqualTo(IPAddress.Parse("172.30.4.10")));

    [Test]
    public void A_picked_subnet_is_a_free_one_and_none_is_picked_from_a_full_pool()
    {
        IPNetwork[] used = [IPNetwork.Parse("172.30.0.0/17")];
        var picks = Enumerable.Range(0, 50).Select(_ => SubnetPool.PickFree(used)).ToList();

        Assert.That(picks, Has.All.Not.Null);
        Assert.That(picks.Select(p => p!.Value.BaseAddress.GetAddressBytes()[2]), Has.All.GreaterThanOrEqualTo(128));
        Assert.That(picks.Distinct().Count(), Is.GreaterThan(1), "spread over the free subnets");
        Assert.That(SubnetPool.PickFree([IPNetwork.Parse("172.16.0.0/12")]), Is.Null);
    }
}
