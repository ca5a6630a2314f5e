using ChaosLab.Harness.Execution;

namespace ChaosLab.Harness.Tests;

/// <summary>The NUnit entry point as a product test project uses it, over the scratch features that pass.</summary>
[Category("Unit")]
public sealed class ScratchFeatureTests
{
    [TestCaseSource(typeof(FeatureTests), nameof(FeatureTests.Cases), new object[] { "Scratch/Passing" })]
    public Task Scenario(FeatureTestCase scenario) => FeatureTests.RunAsync(scenario);
}
