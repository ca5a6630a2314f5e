namespace ChaosLab.Network.Ipam;

/// <summary>A lock file stayed held by another plugin call for the whole timeout: a transient condition, worth a retry.</summary>
public sealed class LockTimeoutException : NetworkPluginException
{
    public LockTimeoutException()
    {
    }

    public LockTimeoutException(string message)
        : base(message)
    {
    }

    public LockTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
