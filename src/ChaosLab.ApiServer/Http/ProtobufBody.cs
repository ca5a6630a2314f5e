using System.Text;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Decodes the protobuf request bodies kubectl sends for the objects its `create` generators build
/// (`kubectl create namespace|configmap|secret|serviceaccount`): the "k8s\0" envelope around a
/// runtime.Unknown, then the object by the field numbers of the Kubernetes API's generated.proto.
/// Other kinds get 415 with a message saying to send JSON; responses are always JSON.
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private enum Kind
    {
        String,
        Bytes,
        Int64,
        Bool,
        Message,
        MapStringString,
        MapStringBytes,
        RepeatedString,
        RepeatedMessage,
        Time,
    }

    private sealed record Field(string Json, Kind Kind, string? Message = null);

    private static readonly Dictionary<string, Dictionary<int, Field>> Messages = new()
    {
        ["ObjectMeta"] = new()
        {
            [1] = new("name", Kind.String), [2] = new("generateName", Kind.String), [3] = new("namespace", Kind.String),
            [5] = new("uid", Kind.String), [6] = new("resourceVersion", Kind.String), [7] = new("generation", Kind.Int64),
            [8] = new("creationTimestamp", Kind.Time), [9] = new("deletionTimestamp", Kind.Time), [10] = new("deletionGracePeriodSeconds", Kind.Int64),
            [11] = new("labels", Kind.MapStringString), [12] = new("annotations", Kind.MapStringString),
            [13] = new("ownerReferences", Kind.RepeatedMessage, "OwnerReference"), [14] = new("finalizers", Kind.RepeatedString),
        },
        ["OwnerReference"] = new()
        {
            [1] = new("kind", Kind.String), [3] = new("name", Kind.String), [4] = new("uid", Kind.String), [5] = new("apiVersion", Kind.String),
            [6] = new("controller", Kind.Bool), [7] = new("blockOwnerDeletion", Kind.Bool),
        },
        ["ObjectReference"] = new() { [1] = new("kind", Kind.String), [2] = new("namespace", Kind.String), [3] = new("name", Kind.String), [4] = new("uid", Kind.String) },
        ["LocalObjectReference"] = new() { [1] = new("name", Kind.String) },
        ["Namespace"] = new() { [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("spec", Kind.Message, "NamespaceSpec"), [3] = new("status", Kind.Message, "NamespaceStatus") },
        ["NamespaceSpec"] = new() { [1] = new("finalizers", Kind.RepeatedString) },
        ["NamespaceStatus"] = new() { [1] = new("phase", Kind.String) },
        ["ConfigMap"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("data", Kind.MapStringString), [3] = new("binaryData", Kind.MapStringBytes), [4] = new("immutable", Kind.Bool),
        },
        ["Secret"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("data", Kind.MapStringBytes), [3] = new("type", Kind.String),
            [4] = new("stringData", Kind.MapStringString), [5] = new("immutable", Kind.Bool),
        },
        ["ServiceAccount"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("secrets", Kind.RepeatedMessage, "ObjectReference"),
            [3] = new("imagePullSecrets", Kind.RepeatedMessage, "LocalObjectReference"), [4] = new("automountServiceAccountToken", Kind.Bool),
        },
    };

    public static JsonObject Decode(ReadOnlySpan<byte> body, string expectedKind)
    {
        if (body.Length < 4 || !body[..4].SequenceEqual("k8s\0"u8))
        {
            throw ApiException.BadRequest("protobuf body does not start with the Kubernetes envelope (\"k8s\\0\")");
        }
        try
        {
            var unknown = ReadMessage(body[4..]);
            var typeMeta = unknown.TryGetValue(1, out var tm) ? ReadMessage(tm[0].Bytes.Span) : [];
            var apiVersion = typeMeta.TryGetValue(1, out var av) ? Encoding.UTF8.GetString(av[0].Bytes.Span) : "";
            var kind = typeMeta.TryGetValue(2, out var k) ? Encoding.UTF8.GetString(k[0].Bytes.Span) : expectedKind;
            if (!Messages.ContainsKey(kind) || kind is "ObjectMeta" or "OwnerReference" or "ObjectReference" or "LocalObjectReference" or "NamespaceSpec" or "NamespaceStatus")
            {
                throw new ApiException(415, "UnsupportedMediaType", $"this server decodes protobuf bodies only for Namespace, ConfigMap, Secret and ServiceAccount (got {kind}); send it as application/json");
            }
            var raw = unknown.TryGetValue(2, out var r) ? r[0].Bytes : ReadOnlyMemory<byte>.Empty;
            var obj = ToJson(raw.Span, kind);
            obj["apiVersion"] = apiVersion;
            obj["kind"] = kind;
            return obj;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException or InvalidDataException)
        {
            throw ApiException.BadRequest($"malformed protobuf body: {ex.Message}");
        }
    }

    private static JsonObject ToJson(ReadOnlySpan<byte> bytes, string message)
    {
        var schema = Messages[message];
        var obj = new JsonObject();
        foreach (var (number, values) in ReadMessage(bytes))
        {
            if (!schema.TryGetValue(number, out var field))
            {
                continue; // a field this server does not model, as an unknown JSON field would be
            }
            JsonNode? value = field.Kind switch
            {
                Kind.String => Encoding.UTF8.GetString(values[^1].Bytes.Span),
                Kind.Bytes => Convert.ToBase64String(values[^1].Bytes.Span),
                Kind.Int64 => JsonValue.Create((long)values[^1].Varint),
                Kind.Bool => JsonValue.Create(values[^1].Varint != 0),
                Kind.Message => ToJson(values[^1].Bytes.Span, field.Message!),
                Kind.Time => Time(values[^1].Bytes.Span),
                Kind.RepeatedString => new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(Encoding.UTF8.GetString(v.Bytes.Span))!).ToArray()),
                Kind.RepeatedMessage => new JsonArray(values.Select(v => (JsonNode)ToJson(v.Bytes.Span, field.Message!)).ToArray()),
                Kind.MapStringString or Kind.MapStringBytes => Map(values, field.Kind == Kind.MapStringBytes),
                _ => throw new InvalidDataException($"field {number}"),
            };
            // Go's protobuf writes every non-pointer field; JSON omits empty ones, and so does this decoder.
            if (!IsEmpty(value))
            {
                obj[field.Json] = value;
            }
        }
        return obj;
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length == 0 || text == "1970-01-01T00:00:00Z",
        JsonValue v when v.TryGetValue<long>(out var number) => number == 0,
        JsonValue v when v.TryGetValue<bool>(out var flag) => !flag,
        _ => false,
    };

    private static JsonObject Map(List<WireValue> entries, bool bytesValues)
    {
        var map = new JsonObject();
        foreach (var entry in entries)
        {
            var fields = ReadMessage(entry.Bytes.Span);
            var key = fields.TryGetValue(1, out var k) ? Encoding.UTF8.GetString(k[0].Bytes.Span) : "";
            var value = fields.TryGetValue(2, out var v) ? v[0].Bytes : ReadOnlyMemory<byte>.Empty;
            map[key] = bytesValues ? Convert.ToBase64String(value.Span) : Encoding.UTF8.GetString(value.Span);
        }
        return map;
    }

    private static JsonValue Time(ReadOnlySpan<byte> bytes)
    {
        var fields = ReadMessage(bytes);
        var seconds = fields.TryGetValue(1, out var s) ? (long)s[0].Varint : 0;
        return JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    private readonly record struct WireValue(ulong Varint, ReadOnlyMemory<byte> Bytes);

    private static Dictionary<int, List<WireValue>> ReadMessage(ReadOnlySpan<byte> bytes)
    {
        var fields = new Dictionary<int, List<WireValue>>();
        var copy = bytes.ToArray();
        var position = 0;
        while (position < copy.Length)
        {
            var tag = ReadVarint(copy, ref position);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            WireValue value = wireType switch
            {
                0 => new WireValue(ReadVarint(copy, ref position), ReadOnlyMemory<byte>.Empty),
                1 => Skip(copy, ref position, 8),
                2 => LengthDelimited(copy, ref position),
                5 => Skip(copy, ref position, 4),
                _ => throw new InvalidDataException($"unsupported wire type {wireType} for field {number}"),
            };
            if (!fields.TryGetValue(number, out var list))
            {
                fields[number] = list = [];
            }
            list.Add(value);
        }
        return fields;
    }

    private static WireValue LengthDelimited(byte[] bytes, ref int position)
    {
        var length = (int)ReadVarint(bytes, ref position);
        if (length < 0 || position + length > bytes.Length)
        {
            throw new InvalidDataException("length runs past the end of the body");
        }
        var value = new WireValue(0, new ReadOnlyMemory<byte>(bytes, position, length));
        position += length;
        return value;
    }

    private static WireValue Skip(byte[] bytes, ref int position, int count)
    {
        if (position + count > bytes.Length)
        {
            throw new InvalidDataException("fixed-width value runs past the end of the body");
        }
        position += count;
        return new WireValue(0, ReadOnlyMemory<byte>.Empty);
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new InvalidDataException("varint too long");
    }
}
