namespace ChaosLab.Cri.Streaming;

/// <summary>
/// Protocol names and SPDY stream headers of Kubernetes' streaming APIs (k8s.io/api/core/v1 and
/// apimachinery's remotecommand constants). Header names go lowercase on the wire; the server's Go
/// http.Header lookups are case-insensitive.
/// </summary>
public static class StreamHeaders
{
    /// <summary>Remote command protocol whose error stream carries a metav1.Status with the exit code.</summary>
    public const string RemoteCommandV4 = "v4.channel.k8s.io";

    /// <summary>Adds the resize stream; the error stream carries only a failure's message.</summary>
    public const string RemoteCommandV3 = "v3.channel.k8s.io";

    /// <summary>Separate stdin/stdout/stderr/error streams, no resize.</summary>
    public const string RemoteCommandV2 = "v2.channel.k8s.io";

    public const string PortForwardV1 = "portforward.k8s.io";

    public const string StreamType = "streamtype";
    public const string Port = "port";
    public const string RequestId = "requestid";

    public const string TypeError = "error";
    public const string TypeStdin = "stdin";
    public const string TypeStdout = "stdout";
    public const string TypeStderr = "stderr";
    public const string TypeResize = "resize";
    public const string TypeData = "data";

    public static IReadOnlyList<KeyValuePair<string, string>> OfType(string streamType) =>
        [new(StreamType, streamType)];
}
