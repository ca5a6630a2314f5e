namespace ChaosLab.Harness.Execution;

/// <summary>
/// A scenario had undefined or pending steps. The message is Reqnroll's own: for undefined steps it ends with the suggested
/// binding class (<c>[Given("…")]</c> methods) to paste into the step library.
/// </summary>
public sealed class UnimplementedStepsException : Exception
{
    public UnimplementedStepsException()
    {
    }

    public UnimplementedStepsException(string message)
        : base(message)
    {
    }

    public UnimplementedStepsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
