namespace ChaosLab.Harness.Execution;

/// <summary>A scenario failed in a step: the message names the step, then what it expected and last saw.</summary>
public sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
