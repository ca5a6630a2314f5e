namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>A run given to compare cannot be used: a missing folder, a folder that is not a run, a results.json that cannot be read. The message names the path.</summary>
public sealed class ComparisonInputException(string message, Exception? inner = null) : Exception(message, inner);
