using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// A failure reported on the exec protocol's error channel (3) once the client's WebSocket is open, the only place
/// left to say it: a metav1.Status that kubectl prints as "error: MESSAGE", or for channel.k8s.io its message alone.
/// </summary>
public static class ExecErrorFrame
{
    public const byte ErrorChannel = 3;

    public static byte[] InternalError(string message, RemoteCommandProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var text = $"Internal error occurred: {message}";
        if (!protocol.StatusOnErrorChannel)
        {
            return [ErrorChannel, .. Encoding.UTF8.GetBytes(text)];
        }
        var status = new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = text,
            ["reason"] = "InternalError",
            ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) },
            ["code"] = 500,
        };
        return [ErrorChannel, .. JsonSerializer.SerializeToUtf8Bytes(status, GoJson.Options)];
    }
}
