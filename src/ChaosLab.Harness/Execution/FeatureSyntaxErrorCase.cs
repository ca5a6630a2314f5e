namespace ChaosLab.Harness.Execution;

/// <summary>A feature file the Gherkin parser rejected: it becomes one test that fails with <c>path:line:column: message</c>.</summary>
public sealed class FeatureSyntaxErrorCase : FeatureTestCase
{
    internal FeatureSyntaxErrorCase(string name, string sourcePath, string errorMessage)
        : base(name, sourcePath, [], ignoreReason: null)
    {
        ErrorMessage = errorMessage;
    }

    /// <summary>One line per parser error, each <c>path:line:column: message</c>.</summary>
    public string ErrorMessage { get; }
}
