namespace ChaosLab.Client.LeaderElection;

/// <summary>A lease write lost an optimistic-concurrency race (HTTP 409): someone else wrote first.</summary>
public sealed class LeaseConflictException : Exception
{
    public LeaseConflictException()
    {
    }

    public LeaseConflictException(string message)
        : base(message)
    {
    }

    public LeaseConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
