using ChaosLab.ApiServer.Fuzz.Support;

namespace ChaosLab.ApiServer.Fuzz;

/// <summary>
/// Cleans the run's namespace and takes the shared lab down once every fuzz test has run. It sits in the tests'
/// own namespace: a [SetUpFixture] acts only on the tests of its namespace and below.
/// </summary>
[SetUpFixture]
public sealed class FuzzLabTeardown
{
    [OneTimeTearDown]
    public Task TearDown() => FuzzTarget.TearDownAsync();
}
