using ChaosLab.Harness.Execution;

namespace ChaosLab.Features;

/// <summary>Every scenario of the repository's features/ catalog; step bindings and hooks are any [Binding] classes in this assembly.</summary>
public sealed class ProductFeatures
{
    [TestCaseSource(typeof(FeatureTests), nameof(FeatureTests.Cases), new object[] { "features" })]
    public Task Scenario(FeatureTestCase scenario) => FeatureTests.RunAsync(scenario);
}
