using System.Globalization;

namespace ChaosLab.Workloads.Echo;

/// <summary>What the echo server reports and where it listens, from the environment the kubelet gives a container.</summary>
public sealed record EchoSettings(
    int Port,
    string Pod,
    string Namespace,
    string Node,
    string PodIp,
    string UnreadyFile,
    bool LogRequests,
    string ListenAddress = "0.0.0.0")
{
    public const int DefaultPort = 8080;
    public const string DefaultUnreadyFile = "/tmp/unready";

    /// <summary>PORT, POD_NAME, POD_NAMESPACE, NODE_NAME, POD_IP; UNREADY_FILE moves /tmp/unready; LOG_REQUESTS=1 logs each request.</summary>
    public static EchoSettings FromEnvironment(Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        var portText = lookup("PORT");
        var port = DefaultPort;
        if (!string.IsNullOrEmpty(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ArgumentException($"PORT '{portText}' is not a port number (1-65535)");
        }
        return new EchoSettings(
            port,
            lookup("POD_NAME") ?? Environment.MachineName,
            lookup("POD_NAMESPACE") ?? "default",
            lookup("NODE_NAME") ?? "",
            lookup("POD_IP") ?? "",
            lookup("UNREADY_FILE") is { Length: > 0 } unready ? unready : DefaultUnreadyFile,
            lookup("LOG_REQUESTS") is "1" or "true");
    }
}
