using ChaosLab.Harness.Execution;
using ChaosLab.Lab.Mutants;

namespace ChaosLab.Harness.Tests.Execution;

[Category("Unit")]
public sealed class MutantScenarioFilterTests
{
    [Test]
    public void Each_mutants_filter_names_its_scenario_as_the_harness_names_tests()
    {
        foreach (var mutant in MutantCatalog.All)
        {
            Assert.That(mutant.ScenarioFilter, Is.EqualTo("FullyQualifiedName~" + TestIdentifier.From(mutant.Scenario)), mutant.Name);
        }
    }
}
