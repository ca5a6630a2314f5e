namespace ChaosLab.Network.Cni;

/// <summary>A CNI call failed with one of <see cref="CniErrorCodes"/>: a short message, and details for people.</summary>
public sealed class CniException : Exception
{
    public CniException()
    {
    }

    public CniException(string message)
        : this(CniErrorCodes.Internal, message, "")
    {
    }

    public CniException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = CniErrorCodes.Internal;
        Details = innerException?.Message ?? "";
    }

    public CniException(int code, string message, string details, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Details = details ?? "";
    }

    public int Code { get; }

    public string Details { get; } = "";
}
