using ChaosLab.ApiServer.Tests.Support;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>
/// Tears the shared lab down once every API integration test has run. A [SetUpFixture] acts only on the tests of its
/// own namespace: it lives here, beside the tests that use the lab (in Support it never ran, and every run left
/// the lab to the next run's reaper).
/// </summary>
[SetUpFixture]
public sealed class SharedLabTeardown
{
    [OneTimeTearDown]
    public Task TearDown() => SharedLab.TearDownAsync();
}
