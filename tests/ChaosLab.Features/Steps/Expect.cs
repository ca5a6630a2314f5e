using ChaosLab.Harness.Scenarios;

namespace ChaosLab.Features.Steps;

/// <summary>A step's expectation: fails the scenario with a message that says what was expected and what was seen.</summary>
internal static class Expect
{
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new ExpectationException(message);
        }
    }
}
