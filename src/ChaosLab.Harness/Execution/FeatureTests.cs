using System.Collections.Concurrent;
using NUnit.Framework;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// The NUnit entry point. In a test project:
/// <code>
/// [TestCaseSource(typeof(FeatureTests), nameof(FeatureTests.Cases), new object[] { "features" })]
/// public Task Scenario(FeatureTestCase scenario) => FeatureTests.RunAsync(scenario);
/// </code>
/// plus one <c>[SetUpFixture]</c> deriving from <see cref="FeatureTestRunSetUp"/>.
/// </summary>
public static class FeatureTests
{
    private static readonly ConcurrentDictionary<string, FeatureCatalog> Catalogs = new(StringComparer.Ordinal);

    /// <summary>
    /// One NUnit case per scenario and example row under <paramref name="rootFolder"/> (relative to the test output folder),
    /// named <c>Feature_title.Scenario_title</c>, with the tags as categories and <c>@ignore</c> as Ignored.
    /// </summary>
    public static IEnumerable<TestCaseData> Cases(string rootFolder) =>
        LoadCatalog(rootFolder).Cases.Select(ToTestCaseData);

    /// <summary>The catalog behind <see cref="Cases"/>, loaded once per folder so that all cases of a feature share its FeatureInfo.</summary>
    public static FeatureCatalog LoadCatalog(string rootFolder) =>
        Catalogs.GetOrAdd(Path.GetFullPath(rootFolder, AppContext.BaseDirectory), FeatureCatalog.Load);

    /// <summary>Runs a case against the bindings of the assembly that declares the running NUnit test.</summary>
    public static Task RunAsync(FeatureTestCase testCase)
    {
        var testAssembly = TestContext.CurrentContext.Test.Type?.Assembly
            ?? throw new InvalidOperationException("FeatureTests.RunAsync must be called from inside an NUnit test method.");
        return ScenarioRunner.RunAsync(testCase, testAssembly);
    }

    private static TestCaseData ToTestCaseData(FeatureTestCase testCase)
    {
        var data = new TestCaseData(testCase).SetName(testCase.Name);
        data.Properties.Set("FeatureFile", testCase.SourcePath);
        foreach (var category in testCase.Categories)
            data.SetCategory(category);
        return testCase.IgnoreReason is { } reason ? data.Ignore(reason) : data;
    }
}
