namespace ChaosLab.Harness.Execution;

/// <summary>The Reqnroll runner method a step is sent to: <c>GivenAsync</c>, <c>WhenAsync</c>, <c>ThenAsync</c>, <c>AndAsync</c> or <c>ButAsync</c>.</summary>
public enum StepKeyword
{
    Given,
    When,
    Then,
    And,
    But,
}
