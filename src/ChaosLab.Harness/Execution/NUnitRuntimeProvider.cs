using NUnit.Framework;
using Reqnroll;
using Reqnroll.UnitTestProvider;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// The "nunit" unit-test runtime provider Reqnroll asks for by default. NUnit has no pending outcome, so pending becomes
/// Inconclusive; skipped becomes Ignored. With <c>missingOrPendingStepsOutcome: Error</c> (our reqnroll.json) the runtime
/// does not call it for undefined or pending steps: it throws, and the scenario fails.
/// </summary>
internal sealed class NUnitRuntimeProvider : IUnitTestRuntimeProvider
{
    public const string Name = "nunit";

    public void TestPending(string message) => Assert.Inconclusive(message);

    public void TestInconclusive(string message) => Assert.Inconclusive(message);

    public void TestIgnore(string message) => Assert.Ignore(message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => exception switch
    {
        IgnoreException or InconclusiveException => ScenarioExecutionStatus.Skipped,
        _ => null,
    };
}
