using Reqnroll;

namespace ChaosLab.Harness.Tests.Bindings;

/// <summary>A second binding class reading the same injected <see cref="Calculator"/> the first one wrote.</summary>
[Binding]
public sealed class ResultSteps(Calculator calculator)
{
    [Then("the result should be {int}")]
    public void ResultIs(int expected)
    {
        ScratchJournal.Record($"result {calculator.Result}, expected {expected}");
        if (calculator.Result != expected)
            throw new InvalidOperationException($"The result is {calculator.Result}, not {expected}");
    }

    [Then("the result should not be {int}")]
    public void ResultIsNot(int unexpected)
    {
        if (calculator.Result == unexpected)
            throw new InvalidOperationException($"The result is {unexpected}");
    }

    [Then("the display text is {string}")]
    public void DisplayIs(string expected)
    {
        if (calculator.Display != expected)
            throw new InvalidOperationException($"The display shows '{calculator.Display}', not '{expected}'");
    }
}
