using ChaosLab.TestSupport;

namespace ChaosLab.Network.Tests.Integration;

/// <summary>Before any network integration test: the Docker engine answers, leftovers of crashed runs are
/// reaped, and the node image exists (built once, cached in the engine).</summary>
[SetUpFixture]
public sealed class IntegrationSetup
{
    [OneTimeSetUp]
    public Task PrepareMachine() => TestLabs.PrepareMachineAsync();
}
