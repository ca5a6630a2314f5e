using Reqnroll;

namespace ChaosLab.Harness.Tests.Bindings;

[Binding]
public sealed class ScratchHooks(Calculator calculator, ScenarioContext scenario, TestContext testContext)
{
    [BeforeScenario]
    public void PrepareCalculator()
    {
        calculator.PreparedByHook = true;
        ScratchJournal.Record($"before scenario: {scenario.ScenarioInfo.Title} (NUnit test {testContext.Test.Name})");
    }

    [AfterScenario]
    public void RecordEnd() => ScratchJournal.Record($"after scenario: {scenario.ScenarioInfo.Title}");
}
