using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Tests.Topology;

[TestFixture]
[Category("Unit")]
public sealed class TopologyMutantTests
{
    private const string SourceFile = "mutant.yaml";

    [Test]
    public void AComponentMayRunAsAMutant()
    {
        var spec = TopologyLoader.Parse("""
            name: t
            nodes:
              control-plane: 1
              worker: 1
            components:
              kube-proxy:
                mutant: proxy-keeps-unready
              kube-scheduler:
                command: /opt/bin/kube-scheduler
            """, SourceFile);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.ComponentMutants, Is.EquivalentTo(new Dictionary<string, string> { ["kube-proxy"] = "proxy-keeps-unready" }));
            Assert.That(spec.Components.Keys, Is.EquivalentTo(new[] { "kube-scheduler" }));
        }
    }

    [Test]
    public void ATopologyWithoutMutantsHasNone() =>
        Assert.That(TopologyLoader.Parse("""
            name: t
            nodes:
              control-plane: 1
            """, SourceFile).ComponentMutants, Is.Empty);

    [TestCaseSource(nameof(InvalidMutants))]
    public void AnInvalidMutantIsReportedAtItsLine(string yaml, int line, string reasonPhrase)
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(yaml, SourceFile));

        Assert.That(error!.Problems, Has.Some.Matches<TopologyProblem>(p => p.Line == line && p.Reason.Contains(reasonPhrase, StringComparison.Ordinal)),
            error.Message);
        Assert.That(error.Message, Does.Contain($"{SourceFile}:{line}:"));
    }

    private static IEnumerable<TestCaseData> InvalidMutants()
    {
        yield return new TestCaseData("""
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                mutant: scheduler-on-holiday
            """, 6, "unknown mutant 'scheduler-on-holiday'; known mutants: etcd-slow-election, ").SetArgDisplayNames("unknown mutant");
        yield return new TestCaseData("""
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                mutant: endpoints-lag
            """, 6, "mutant 'endpoints-lag' breaks kube-controller-manager, not kube-scheduler; mutants of kube-scheduler: scheduler-without-lease").SetArgDisplayNames("mutant of another component");
        yield return new TestCaseData("""
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                command: /opt/bin/kube-scheduler
                mutant: scheduler-without-lease
            """, 6, "components.kube-scheduler has both a mutant and 'command'").SetArgDisplayNames("mutant and command");
        yield return new TestCaseData("""
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                mutant: [scheduler-without-lease]
            """, 6, "components.kube-scheduler.mutant must be a single value").SetArgDisplayNames("mutant as a list");
        yield return new TestCaseData("""
            name: t
            nodes:
              control-plane: 1
            components:
              haproxy:
                mutant: scheduler-without-lease
            """, 6, "mutants of haproxy: none").SetArgDisplayNames("component without mutants");
    }
}
