using ChaosLab.Harness.Execution;

namespace ChaosLab.Harness.Tests.Execution;

/// <summary>The scratch features as the tests load them, and lookups by test name.</summary>
internal static class ScratchCatalog
{
    public static FeatureCatalog All => FeatureTests.LoadCatalog("Scratch");

    public static FeatureTestCase Case(string name) =>
        All.Cases.SingleOrDefault(c => c.Name == name)
        ?? throw new InvalidOperationException($"No scratch case named {name}; there are: {string.Join(", ", All.Cases.Select(c => c.Name))}");

    public static ScenarioCase Scenario(string name) => (ScenarioCase)Case(name);
}
