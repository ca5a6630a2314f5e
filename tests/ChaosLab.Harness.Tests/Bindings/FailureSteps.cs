using Reqnroll;

namespace ChaosLab.Harness.Tests.Bindings;

[Binding]
public sealed class FailureSteps
{
    [Given("a step that throws {string}")]
    public static void Throw(string message) => throw new InvalidOperationException(message);

    [Then("the counter reaches {int} within {int} second")]
    public static async Task CounterReaches(int target, int seconds) =>
        await ChaosLab.Harness.Scenarios.Eventually.UntilAsync($"the counter to reach {target}", TimeSpan.FromSeconds(seconds),
            () => Task.FromResult((false, "counter at 1")));

    [Given("a step that is still pending")]
    public static void StillPending() => throw new PendingStepException();
}
