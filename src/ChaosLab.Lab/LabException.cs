namespace ChaosLab.Lab;

/// <summary>A lab operation failed for a reason a user can act on; the message says what and what to do.</summary>
public class LabException : Exception
{
    public LabException(string message) : base(message)
    {
    }

    public LabException(string message, Exception inner) : base(message, inner)
    {
    }

    public LabException()
    {
    }
}

/// <summary>The named lab does not exist.</summary>
public sealed class LabNotFoundException(string message) : LabException(message);

/// <summary>Input a person gave (a lab name, a flag value) is not acceptable.</summary>
public sealed class InvalidLabInputException(string message) : LabException(message);
