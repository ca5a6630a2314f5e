namespace ChaosLab.Kubelet.Server;

/// <summary>A request the kubelet refuses: written as the status code and a plain-text message, as upstream's kubelet answers.</summary>
public sealed class KubeletRequestException : Exception
{
    public KubeletRequestException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public KubeletRequestException() : this(500, "internal error")
    {
    }

    public KubeletRequestException(string message) : this(400, message)
    {
    }

    public KubeletRequestException(string message, Exception innerException) : base(message, innerException) => StatusCode = 500;

    public int StatusCode { get; }

    public static KubeletRequestException BadRequest(string message) => new(400, message);

    public static KubeletRequestException NotFound(string message) => new(404, message);
}
