namespace ChaosLab.Harness.Execution;

/// <summary>A feature file did not parse; the message has one <c>path:line:column: message</c> line per parser error.</summary>
public sealed class FeatureSyntaxException : Exception
{
    public FeatureSyntaxException()
    {
    }

    public FeatureSyntaxException(string message)
        : base(message)
    {
    }

    public FeatureSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
