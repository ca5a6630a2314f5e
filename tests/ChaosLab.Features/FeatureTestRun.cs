using ChaosLab.Harness.Clusters;
using ChaosLab.Harness.Execution;
using ChaosLab.Harness.Scenarios;

namespace ChaosLab.Features;

/// <summary>The run: a report folder first (Reqnroll's formatters write there too), the clusters removed and the report written last.</summary>
[SetUpFixture]
public sealed class FeatureTestRun
{
    [OneTimeSetUp]
    public async Task StartAsync()
    {
        HarnessRun.Begin();
        ClusterPool.Log = line => TestContext.Progress.WriteLine($"[harness] {line}");
        TestContext.Progress.WriteLine($"[harness] report folder: {HarnessRun.Folder}");
        await ScenarioRunner.StartTestRunAsync(GetType().Assembly);
    }

    [OneTimeTearDown]
    public async Task EndAsync()
    {
        await ScenarioRunner.EndTestRunAsync(GetType().Assembly);
        await ClusterPool.ShutdownAsync();
        foreach (var file in HarnessRun.Finish())
        {
            TestContext.Progress.WriteLine($"[harness] wrote {file}");
        }
    }
}
