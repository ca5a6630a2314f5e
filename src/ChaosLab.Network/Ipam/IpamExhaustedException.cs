namespace ChaosLab.Network.Ipam;

/// <summary>Every address of the podCIDR is allocated.</summary>
public sealed class IpamExhaustedException : NetworkPluginException
{
    public IpamExhaustedException()
    {
    }

    public IpamExhaustedException(string message)
        : base(message)
    {
    }

    public IpamExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
