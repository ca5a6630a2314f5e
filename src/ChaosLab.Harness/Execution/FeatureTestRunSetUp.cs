using NUnit.Framework;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Base of the test project's assembly-level set-up: <c>[SetUpFixture] public sealed class FeatureTestRun : FeatureTestRunSetUp;</c>
/// in the test project's root namespace. It starts and ends the Reqnroll test run of that assembly.
/// </summary>
public abstract class FeatureTestRunSetUp
{
    [OneTimeSetUp]
    public Task StartTestRunAsync() => ScenarioRunner.StartTestRunAsync(GetType().Assembly);

    [OneTimeTearDown]
    public Task EndTestRunAsync() => ScenarioRunner.EndTestRunAsync(GetType().Assembly);
}
