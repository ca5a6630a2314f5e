using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http.Protobuf;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Decodes protobuf request bodies (application/vnd.kubernetes.protobuf), which kubectl's typed clients send for
/// `create deployment|service|namespace|configmap|secret|...` and client-go programs send for every write: the
/// "k8s\0" envelope around a runtime.Unknown {typeMeta = 1, raw = 2}, then the object by the field
/// numbers of upstream's generated.proto (<see cref="ProtobufSchema"/>; the wire format in <see cref="WireReader"/>,
/// the JSON it becomes in <see cref="MessageDecoder"/>). The result is the JSON object the rest of the server handles,
/// as if the client had sent JSON. Every kind this server serves decodes, plus Binding, Eviction, Scale and
/// DeleteOptions; another kind is a 415 asking for JSON. Malformed bytes are a 400. Responses are always JSON.
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    /// <summary>Decodes a body; <paramref name="expectedKind"/> stands in when the envelope names no kind.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, string expectedKind)
    {
        if (body.Length < 4 || !body[..4].SequenceEqual("k8s\0"u8))
        {
            throw ApiException.BadRequest("protobuf body does not start with the Kubernetes envelope (\"k8s\\0\")");
        }
        try
        {
            var unknown = Fields(body[4..].ToArray());
            var typeMeta = Fields(Bytes(unknown, 1));
            var apiVersion = Encoding.UTF8.GetString(Bytes(typeMeta, 1).Span);
            var kind = typeMeta.ContainsKey(2) ? Encoding.UTF8.GetString(Bytes(typeMeta, 2).Span) : expectedKind;
            var message = ProtobufSchema.MessageFor(apiVersion, kind)
                ?? throw new ApiException(415, "UnsupportedMediaType",
                    $"this server decodes protobuf bodies only for the kinds it serves, and {apiVersion}/{kind} is not one of them; " +
                    "send it as application/json");
            var obj = MessageDecoder.Decode(Bytes(unknown, 2), message);
            obj["apiVersion"] = apiVersion;
            obj["kind"] = kind;
            return obj;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException)
        {
            throw ApiException.BadRequest($"malformed protobuf body: {ex.Message}");
        }
    }

    /// <summary>The last value of each field of an envelope message (runtime.Unknown, TypeMeta).</summary>
    private static Dictionary<int, WireField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new Dictionary<int, WireField>();
        foreach (var field in WireReader.ReadFields(message))
        {
            fields[field.Number] = field;
        }
        return fields;
    }

    /// <summary>A string or bytes field of the envelope; empty when absent.</summary>
    private static ReadOnlyMemory<byte> Bytes(Dictionary<int, WireField> fields, int number) =>
        !fields.TryGetValue(number, out var field) ? ReadOnlyMemory<byte>.Empty
        : field.Type == WireType.LengthDelimited ? field.Bytes
        : throw new InvalidDataException($"envelope field {number} has wire type {(int)field.Type}, expected 2");
}
