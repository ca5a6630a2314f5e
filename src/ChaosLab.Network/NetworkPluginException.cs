namespace ChaosLab.Network;

/// <summary>A network operation failed; the message says which pod, device or address and why.</summary>
public class NetworkPluginException : Exception
{
    public NetworkPluginException()
    {
    }

    public NetworkPluginException(string message)
        : base(message)
    {
    }

    public NetworkPluginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
