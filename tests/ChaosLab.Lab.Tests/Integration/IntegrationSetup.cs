using ChaosLab.TestSupport;

namespace ChaosLab.Lab.Tests.Integration;

/// <summary>
/// Before any integration test: the Docker engine must answer (scripts/setup starts it), leftovers of
/// crashed runs are reaped, and the node image exists (built once, cached in the engine).
/// </summary>
[SetUpFixture]
public sealed class IntegrationSetup
{
    [OneTimeSetUp]
    public Task PrepareMachine() => TestLabs.PrepareMachineAsync();
}
