using ChaosLab.Lab.Mutants;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Tests.Mutants;

[TestFixture]
[Category("Unit")]
public sealed class MutantSelectionTests
{
    private static readonly ComponentSpec Scheduler = new(ComponentNames.Scheduler, "/dotnet", ["chaoslab-node.dll", "scheduler", "--leader-elect=true"]);
    private static readonly ComponentSpec Etcd = new(ComponentNames.Etcd, "/usr/bin/etcd", ["--heartbeat-interval", "50", "--election-timeout", "500", "--pre-vote=true"]);

    [Test]
    public void NamesMayBeRepeatedOrGivenAsACommaList()
    {
        var selection = MutantSelection.Parse(["endpoints-lag", " proxy-keeps-unready , etcd-slow-election", ""]);

        Assert.That(selection.Mutants.Select(m => m.Name),
            Is.EqualTo(new[] { "endpoints-lag", "etcd-slow-election", "proxy-keeps-unready" }));
    }

    [Test]
    public void NothingGivenIsNoMutant()
    {
        Assert.That(MutantSelection.Parse(null).IsEmpty, Is.True);
        Assert.That(MutantSelection.Parse([""]).ToString(), Is.EqualTo("none"));
    }

    [Test]
    public void AnUnknownNameIsInvalidInputListingTheKnownOnes()
    {
        var error = Assert.Throws<InvalidLabInputException>(() => MutantSelection.Parse(["endpoints-lag,slow-everything"]));

        Assert.That(error!.Message, Does.StartWith("unknown mutant 'slow-everything'; known mutants: "));
        Assert.That(error.Message, Does.Contain(string.Join(", ", MutantCatalog.Names)));
    }

    [Test]
    public void TwoMutantsOfOneComponentAreRefused()
    {
        var error = Assert.Throws<InvalidLabInputException>(() => MutantSelection.Parse(["node-monitor-blind", "endpoints-lag"]));

        Assert.That(error!.Message, Does.Contain("both replace kube-controller-manager"));
    }

    [Test]
    public void TheSameMutantTwiceIsOne() =>
        Assert.That(MutantSelection.Parse(["endpoints-lag", "endpoints-lag"]).Mutants, Has.Count.EqualTo(1));

    [Test]
    public void AComponentWithoutAMutantIsLeftAsItIs()
    {
        var selection = MutantSelection.Parse(["endpoints-lag"]);

        Assert.That(selection.Apply(Scheduler, TimingProfile.Fast), Is.SameAs(Scheduler));
        Assert.That(MutantSelection.None.Apply(Etcd, TimingProfile.Fast), Is.SameAs(Etcd));
    }

    [Test]
    public void AComponentMutantGetsItsFlag()
    {
        var mutated = MutantSelection.Parse(["scheduler-without-lease"]).Apply(Scheduler, TimingProfile.Fast);

        Assert.That(mutated.Args, Is.EqualTo(new[] { "chaoslab-node.dll", "scheduler", "--leader-elect=true", "--mutant=scheduler-without-lease" }));
    }

    [Test]
    public void TheSlowElectionMutantMultipliesTheProfilesElectionTimeout()
    {
        var mutated = MutantSelection.Parse(["etcd-slow-election"]).Apply(Etcd, TimingProfile.Fast);

        var expected = ((int)TimingProfile.Fast.EtcdElectionTimeout.TotalMilliseconds * MutantCatalog.ElectionTimeoutFactor).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(mutated.Args, Is.EqualTo(new[] { "--heartbeat-interval", "50", "--election-timeout", expected, "--pre-vote=true" }));
    }

    [Test]
    public void TheTopologysMutantsJoinTheGivenOnes()
    {
        var selection = MutantSelection.Parse(["endpoints-lag"]).With(new Dictionary<string, string> { [ComponentNames.Kubelet] = "kubelet-lease-stops" });

        Assert.That(selection.ByComponent(), Is.EquivalentTo(new Dictionary<string, string>
        {
            [ComponentNames.ControllerManager] = "endpoints-lag",
            [ComponentNames.Kubelet] = "kubelet-lease-stops",
        }));
    }

    [Test]
    public void ATopologyMutantClashingWithAGivenOneIsRefused() =>
        Assert.Throws<InvalidLabInputException>(() =>
            MutantSelection.Parse(["endpoints-lag"]).With(new Dictionary<string, string> { [ComponentNames.ControllerManager] = "node-monitor-blind" }));

    [Test]
    public void NamesGivesCatalogEntriesOrRefusesUnknownOnes()
    {
        Assert.That(MutantSelection.Names("proxy-keeps-unready,endpoints-lag").Select(m => m.Name), Is.EquivalentTo(new[] { "endpoints-lag", "proxy-keeps-unready" }));
        Assert.Throws<InvalidLabInputException>(() => MutantSelection.Names("nope"));
        Assert.Throws<InvalidLabInputException>(() => MutantSelection.Names(" , "));
    }
}
