using ChaosLab.Harness.Execution;

namespace ChaosLab.Harness.Tests;

[SetUpFixture]
public sealed class HarnessTestRun : FeatureTestRunSetUp;
