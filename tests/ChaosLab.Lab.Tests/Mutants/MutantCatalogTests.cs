using ChaosLab.Lab.Mutants;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Tests.Mutants;

[TestFixture]
[Category("Unit")]
public sealed class MutantCatalogTests
{
    [Test]
    public void ThereAreAtLeastEightMutantsWithDistinctNames()
    {
        Assert.That(MutantCatalog.All, Has.Count.GreaterThanOrEqualTo(8));
        Assert.That(MutantCatalog.Names, Is.Unique);
    }

    [TestCaseSource(nameof(Mutants))]
    public void EachMutantIsDocumentedAndBreaksAKnownComponent(Mutant mutant)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ComponentNames.All, Does.Contain(mutant.Component));
            Assert.That(mutant.Name, Does.Match("^[a-z][a-z0-9-]+$"));
            Assert.That(mutant.Breaks, Is.Not.Empty);
            Assert.That(mutant.Imitates, Is.Not.Empty);
            Assert.That(mutant.Flag, Is.EqualTo($"--mutant={mutant.Name}"));
        }
    }

    [TestCaseSource(nameof(Mutants))]
    public void TheScenarioThatCatchesEachMutantExists(Mutant mutant)
    {
        var file = Path.Combine(RepositoryFiles.Root, mutant.FeatureFile);
        Assert.That(File.Exists(file), Is.True, $"{mutant.FeatureFile} does not exist");
        Assert.That(File.ReadAllLines(file).Select(l => l.Trim()),
            Has.Some.Matches<string>(l => l == $"Scenario: {mutant.Scenario}" || l == $"Scenario Outline: {mutant.Scenario}"),
            $"{mutant.FeatureFile} has no scenario '{mutant.Scenario}'");
    }

    [Test]
    public void TheScenarioFilterNamesTheTestByItsTitle()
    {
        var mutant = MutantCatalog.Find(MutantCatalog.EtcdSlowElection)!;

        Assert.That(mutant.ScenarioFilter, Is.EqualTo("FullyQualifiedName~Killing_the_leader_costs_one_election_and_writes_resume"));
    }

    [Test]
    public void FindAnswersNullForAnUnknownName() =>
        Assert.That(MutantCatalog.Find("no-such-mutant"), Is.Null);

    private static IEnumerable<TestCaseData> Mutants() =>
        MutantCatalog.All.Select(m => new TestCaseData(m).SetArgDisplayNames(m.Name));
}
