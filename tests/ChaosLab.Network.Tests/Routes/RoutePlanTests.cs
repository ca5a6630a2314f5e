using System.Net;
using ChaosLab.Network.Routes;

namespace ChaosLab.Network.Tests.Routes;

[Category("Unit")]
public sealed class RoutePlanTests
{
    private static readonly IPNetwork Cluster = IPNetwork.Parse("10.244.0.0/16");
    private static readonly IPNetwork Own = IPNetwork.Parse("10.244.1.0/24");

    private static HostRoute Via(string cidr, string gateway) => new(IPNetwork.Parse(cidr), IPAddress.Parse(gateway));

    private static PeerNode Peer(string cidr, string node) => new(IPNetwork.Parse(cidr), IPAddress.Parse(node));

    private static RoutePlan Plan(IReadOnlyList<HostRoute> current, params PeerNode[] peers) => RoutePlan.Compute(current, peers, Cluster, Own);

    [Test]
    public void Missing_routes_to_other_nodes_are_added_and_this_node_is_skipped()
    {
        var plan = Plan([], Peer("10.244.1.0/24", "172.30.0.10"), Peer("10.244.2.0/24", "172.30.0.11"), Peer("10.244.3.0/24", "172.30.0.12"));

        Assert.That(plan.Replace, Is.EqualTo(new[] { Via("10.244.2.0/24", "172.30.0.11"), Via("10.244.3.0/24", "172.30.0.12") }));
        Assert.That(plan.Delete, Is.Empty);
    }

    [Test]
    public void Routes_already_in_place_are_left_alone()
    {
        var plan = Plan([Via("10.244.2.0/24", "172.30.0.11")], Peer("10.244.2.0/24", "172.30.0.11"));

        Assert.That(plan.IsEmpty, Is.True);
    }

    [Test]
    public void A_route_whose_node_moved_is_replaced()
    {
        var plan = Plan([Via("10.244.2.0/24", "172.30.0.11")], Peer("10.244.2.0/24", "172.30.0.19"));

        Assert.That(plan.Replace, Is.EqualTo(new[] { Via("10.244.2.0/24", "172.30.0.19") }));
        Assert.That(plan.Delete, Is.Empty);
    }

    [Test]
    public void Routes_to_podcidrs_no_longer_present_are_deleted()
    {
        var plan = Plan([Via("10.244.2.0/24", "172.30.0.11"), Via("10.244.3.0/24", "172.30.0.12")], Peer("10.244.2.0/24", "172.30.0.11"));

        Assert.That(plan.Delete, Is.EqualTo(new[] { Via("10.244.3.0/24", "172.30.0.12") }));
    }

    [Test]
    public void Routes_outside_the_cluster_pod_cidr_and_connected_routes_are_never_touched()
    {
        HostRoute[] current =
        [
            Via("10.96.0.0/16", "172.30.0.1"),
            Via("0.0.0.0/1", "172.30.0.1"),
            Via("10.0.0.0/8", "172.30.0.1"),
            new(IPNetwork.Parse("172.30.0.0/24"), null),
            new(IPNetwork.Parse("10.244.1.0/24"), null),
            new(IPNetwork.Parse("10.244.7.0/24"), null),
        ];

        Assert.That(Plan(current).IsEmpty, Is.True);
    }

    [Test]
    public void Peers_outside_the_cluster_pod_cidr_are_refused()
    {
        Assert.That(() => Plan([], Peer("10.0.0.0/8", "172.30.0.11")), Throws.ArgumentException.With.Message.Contains("outside the cluster pod CIDR"));
    }

    [Test]
    public void A_podcidr_claimed_by_two_nodes_or_overlapping_this_node_is_refused()
    {
        Assert.That(() => Plan([], Peer("10.244.2.0/24", "172.30.0.11"), Peer("10.244.2.0/24", "172.30.0.12")),
            Throws.ArgumentException.With.Message.Contains("claimed by two nodes"));
        Assert.That(() => Plan([], Peer("10.244.0.0/23", "172.30.0.11")),
            Throws.ArgumentException.With.Message.Contains("overlaps"));
    }
}
