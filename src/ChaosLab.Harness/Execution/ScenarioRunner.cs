using System.Collections.Concurrent;
using System.Reflection;
using NUnit.Framework;
using Reqnroll;
using Reqnroll.Infrastructure;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Drives the Reqnroll runtime for one case in the order Reqnroll's generated NUnit code uses: take a test runner, switch
/// feature when it changes, initialize and run the scenario, collect its errors, end it, give the runner back.
/// Bindings and hooks come from the test assembly (plus any <c>bindingAssemblies</c> in its reqnroll.json).
/// </summary>
public static class ScenarioRunner
{
    private static readonly HarnessContainerBuilder ContainerBuilder = new();

    // Features whose start this runner triggered, per test assembly: each is released (its [AfterFeature] hooks run) at the end of the run.
    private static readonly ConcurrentDictionary<Assembly, ConcurrentDictionary<FeatureInfo, byte>> StartedFeatures = new();

    /// <summary>Starts the test run of <paramref name="testAssembly"/>: builds the runtime, runs [BeforeTestRun] hooks, opens the report files.</summary>
    public static Task StartTestRunAsync(Assembly testAssembly) =>
        TestRunnerManager.OnTestRunStartAsync(testAssembly, ContainerBuilder);

    /// <summary>Ends every feature that was started, then the test run: [AfterFeature] and [AfterTestRun] hooks, report files written.</summary>
    public static async Task EndTestRunAsync(Assembly testAssembly)
    {
        if (StartedFeatures.TryRemove(testAssembly, out var features))
        {
            foreach (var feature in features.Keys)
                await TestRunnerManager.ReleaseFeatureAsync(feature, testAssembly, ContainerBuilder);
        }

        await TestRunnerManager.OnTestRunEndAsync(testAssembly, ContainerBuilder);
    }

    /// <summary>Runs one case; throws what NUnit should report (the step's exception, <see cref="UnimplementedStepsException"/>, <see cref="FeatureSyntaxException"/>, or NUnit's ignore).</summary>
    public static Task RunAsync(FeatureTestCase testCase, Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(testAssembly);
        return testCase switch
        {
            ScenarioCase scenario => RunScenarioAsync(scenario, testAssembly),
            FeatureSyntaxErrorCase broken => throw new FeatureSyntaxException(broken.ErrorMessage),
            _ => throw new ArgumentException($"Unknown kind of case: {testCase.GetType().Name}", nameof(testCase)),
        };
    }

    private static async Task RunScenarioAsync(ScenarioCase scenario, Assembly testAssembly)
    {
        var featureInfo = scenario.Feature.FeatureInfo;
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly, ContainerBuilder, featureHint: featureInfo);
        try
        {
            await EnterFeatureAsync(runner, featureInfo, testAssembly);

            runner.OnScenarioInitialize(scenario.CreateScenarioInfo(), scenario.Rule);
            ScenarioStep? failedStep = null;
            try
            {
                runner.ScenarioContext.ScenarioContainer.RegisterInstanceAs(TestContext.CurrentContext);
                if (scenario.IgnoreReason is not null)
                {
                    await runner.SkipScenarioAsync();
                }
                else
                {
                    await runner.OnScenarioStartAsync();
                    foreach (var step in scenario.Steps)
                    {
                        var failedBefore = runner.ScenarioContext.TestError is not null;
                        await ExecuteStepAsync(runner, step);
                        failedStep ??= failedBefore || runner.ScenarioContext.TestError is null ? null : step;
                    }
                }

                await CollectScenarioErrorsAsync(runner, failedStep);
            }
            finally
            {
                await runner.OnScenarioEndAsync();
            }
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
        }
    }

    private static async Task EnterFeatureAsync(ITestRunner runner, FeatureInfo featureInfo, Assembly testAssembly)
    {
        try
        {
            if (runner.FeatureContext is { } current && !ReferenceEquals(current.FeatureInfo, featureInfo))
                await runner.OnFeatureEndAsync();
        }
        finally
        {
            // Started even when the previous feature's [AfterFeature] hook failed: that failure belongs to this test, not to its feature.
            if (runner.FeatureContext is null)
            {
                StartedFeatures.GetOrAdd(testAssembly, _ => new()).TryAdd(featureInfo, 0);
                await runner.OnFeatureStartAsync(featureInfo);
            }
        }

        if (runner.FeatureContext?.BeforeFeatureHookFailed == true)
            throw new ReqnrollException("Scenario skipped because a [BeforeFeature] hook of its feature failed");
    }

    private static Task ExecuteStepAsync(ITestRunner runner, ScenarioStep step)
    {
        var table = step.Table is { Count: > 0 } rows ? ToTable(rows) : null;
        return step.Keyword switch
        {
            StepKeyword.Given => runner.GivenAsync(step.Text, step.DocString, table, step.KeywordText),
            StepKeyword.When => runner.WhenAsync(step.Text, step.DocString, table, step.KeywordText),
            StepKeyword.Then => runner.ThenAsync(step.Text, step.DocString, table, step.KeywordText),
            StepKeyword.And => runner.AndAsync(step.Text, step.DocString, table, step.KeywordText),
            StepKeyword.But => runner.ButAsync(step.Text, step.DocString, table, step.KeywordText),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Keyword, "Unknown step keyword"),
        };
    }

    // A fresh table per execution: bindings may change the table they are given.
    private static DataTable ToTable(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new DataTable([.. rows[0]]);
        foreach (var row in rows.Skip(1))
            table.AddRow([.. row]);
        return table;
    }

    // With missingOrPendingStepsOutcome "Error" Reqnroll throws bare exceptions whose message lacks the skeleton it traces;
    // rebuild the message with Reqnroll's own factories while the scenario context still exists.
    private static async Task CollectScenarioErrorsAsync(ITestRunner runner, ScenarioStep? failedStep)
    {
        try
        {
            await runner.CollectScenarioErrorsAsync();
        }
        catch (Exception e) when (failedStep is not null && e is not (ResultStateException or MissingStepDefinitionException or PendingStepException))
        {
            // Name the step that failed first: the report and the test result then say where, not only what.
            throw new StepFailedException($"step failed: {failedStep.KeywordText.Trim()} {failedStep.Text}{Environment.NewLine}{e.Message}", e);
        }
        catch (MissingStepDefinitionException e)
        {
            var messages = runner.TestThreadContext.TestThreadContainer.Resolve<ITestUndefinedMessageFactory>();
            throw new UnimplementedStepsException(messages.BuildFromContext(runner.ScenarioContext, runner.FeatureContext), e);
        }
        catch (PendingStepException e)
        {
            var messages = runner.TestThreadContext.TestThreadContainer.Resolve<ITestPendingMessageFactory>();
            throw new UnimplementedStepsException(messages.BuildFromScenarioContext(runner.ScenarioContext), e);
        }
    }
}
