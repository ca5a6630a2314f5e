using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// Turns a message's wire bytes into the JSON object Go's encoding/json would write for the same struct, by the
/// field numbers of <see cref="ProtobufSchema"/>. Fields the schema does not know are skipped, as upstream's decoder
/// skips them. Malformed input throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class MessageDecoder
{
    /// <summary>Deeper than any message of the schema nests; a guard, not a limit a real body meets.</summary>
    private const int MaxDepth = 64;

    public static JsonObject Decode(ReadOnlyMemory<byte> bytes, string message) => DecodeMessage(bytes, message, 0);

    private static JsonObject DecodeMessage(ReadOnlyMemory<byte> bytes, string message, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"messages nest deeper than {MaxDepth}");
        }
        var schema = ProtobufSchema.Messages[message];
        var byNumber = new SortedDictionary<int, List<WireField>>();
        foreach (var wire in WireReader.ReadFields(bytes))
        {
            if (schema.ContainsKey(wire.Number))
            {
                if (!byNumber.TryGetValue(wire.Number, out var list))
                {
                    byNumber[wire.Number] = list = [];
                }
                list.Add(wire);
            }
        }
        var obj = new JsonObject();
        foreach (var (number, wires) in byNumber)
        {
            var field = schema[number];
            foreach (var wire in wires)
            {
                CheckWireType(wire, field, message);
            }
            switch (field.Shape)
            {
                case FieldShape.Inline:
                    var embedded = DecodeMessage(Merged(wires), field.Message!, depth + 1);
                    foreach (var name in embedded.Select(p => p.Key).ToList())
                    {
                        var value = embedded[name];
                        embedded.Remove(name);
                        obj[name] = value;
                    }
                    break;
                case FieldShape.Repeated:
                    obj[field.Json] = new JsonArray([.. wires.SelectMany(wire => Elements(wire, field, depth))]);
                    break;
                case FieldShape.Map:
                    obj[field.Json] = Map(wires, field, depth);
                    break;
                case FieldShape.Pointer:
                    // Present on the wire means set: keep even a zero, but a zero Time is JSON's null.
                    if (Value(Last(wires, field), field, depth) is { } set)
                    {
                        obj[field.Json] = set;
                    }
                    break;
                default:
                    // Go writes every plain field; JSON omits the zero ones, and so does this decoder.
                    if (Value(Last(wires, field), field, depth) is { } plain && !IsZero(plain))
                    {
                        obj[field.Json] = plain;
                    }
                    break;
            }
        }
        return obj;
    }

    /// <summary>
    /// The wire value that counts for a singular field sent more than once: the last scalar or string, but for a
    /// message all occurrences concatenated, since a message sent twice merges (the protobuf rule).
    /// </summary>
    private static WireField Last(List<WireField> wires, ProtoField field) =>
        IsMessage(field.Type) && wires.Count > 1 ? wires[^1] with { Bytes = Merged(wires) } : wires[^1];

    private static ReadOnlyMemory<byte> Merged(List<WireField> wires) =>
        wires.Count == 1 ? wires[0].Bytes : wires.SelectMany(w => w.Bytes.ToArray()).ToArray();

    private static bool IsVarint(ProtoType type) => type is ProtoType.Int32 or ProtoType.Int64 or ProtoType.Bool;

    private static bool IsMessage(ProtoType type) =>
        type is ProtoType.Message or ProtoType.Time or ProtoType.MicroTime or ProtoType.Quantity or ProtoType.IntOrString
            or ProtoType.RawExtension or ProtoType.StringList;

    private static void CheckWireType(WireField wire, ProtoField field, string message)
    {
        var expected = IsVarint(field.Type) && field.Shape != FieldShape.Map ? WireType.Varint : WireType.LengthDelimited;
        var packed = expected == WireType.Varint && field.Shape == FieldShape.Repeated && wire.Type == WireType.LengthDelimited;
        if (wire.Type != expected && !packed)
        {
            var name = field.Shape == FieldShape.Inline ? field.Message : field.Json;
            throw new InvalidDataException($"field {wire.Number} ({name}) of {message} has wire type {(int)wire.Type}, expected {(int)expected}");
        }
    }

    private static IEnumerable<JsonNode?> Elements(WireField wire, ProtoField field, int depth) =>
        wire.Type == WireType.LengthDelimited && IsVarint(field.Type)
            ? WireReader.ReadPackedVarints(wire.Bytes).Select(v => Value(wire with { Type = WireType.Varint, Varint = v }, field, depth))
            : [Value(wire, field, depth)];

    private static JsonObject Map(List<WireField> entries, ProtoField field, int depth)
    {
        var map = new JsonObject();
        foreach (var entry in entries)
        {
            var key = "";
            var value = new WireField(2, WireType.LengthDelimited, 0, ReadOnlyMemory<byte>.Empty);
            foreach (var part in WireReader.ReadFields(entry.Bytes))
            {
                if (part.Number is 1 or 2 && part.Type != WireType.LengthDelimited)
                {
                    var which = part.Number == 1 ? "key" : "value";
                    throw new InvalidDataException($"an entry of map {field.Json} has wire type {(int)part.Type} for its {which}");
                }
                if (part.Number == 1)
                {
                    key = Encoding.UTF8.GetString(part.Bytes.Span);
                }
                else if (part.Number == 2)
                {
                    value = part;
                }
            }
            map[key] = Value(value, field, depth);
        }
        return map;
    }

    private static JsonNode? Value(WireField wire, ProtoField field, int depth) => field.Type switch
    {
        ProtoType.String => JsonValue.Create(Encoding.UTF8.GetString(wire.Bytes.Span)),
        ProtoType.Bytes => JsonValue.Create(Convert.ToBase64String(wire.Bytes.Span)),
        ProtoType.Int32 => JsonValue.Create(unchecked((int)wire.Varint)),
        ProtoType.Int64 => JsonValue.Create(unchecked((long)wire.Varint)),
        ProtoType.Bool => JsonValue.Create(wire.Varint != 0),
        ProtoType.Message => DecodeMessage(wire.Bytes, field.Message!, depth + 1),
        ProtoType.Time => Timestamp(wire.Bytes, micro: false),
        ProtoType.MicroTime => Timestamp(wire.Bytes, micro: true),
        ProtoType.Quantity => Quantity(wire.Bytes),
        ProtoType.IntOrString => IntOrString(wire.Bytes, field),
        ProtoType.RawExtension => RawExtension(wire.Bytes, field),
        ProtoType.StringList => StringList(wire.Bytes, field),
        _ => throw new InvalidOperationException($"no decoding for {field.Type}"),
    };

    private static bool IsZero(JsonNode value) => value switch
    {
        JsonObject o => o.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length == 0,
        JsonValue v when v.TryGetValue<int>(out var number) => number == 0,
        JsonValue v when v.TryGetValue<long>(out var number) => number == 0,
        JsonValue v when v.TryGetValue<bool>(out var flag) => !flag,
        _ => false,
    };

    /// <summary>
    /// metav1.Time and MicroTime. An empty message is Go's zero time, whose JSON is null. Time keeps whole seconds
    /// (upstream drops the nanos on decode); MicroTime keeps microseconds.
    /// </summary>
    private static JsonValue? Timestamp(ReadOnlyMemory<byte> bytes, bool micro)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }
        long seconds = 0, nanos = 0;
        foreach (var part in WireReader.ReadFields(bytes))
        {
            if (part.Number is 1 or 2 && part.Type != WireType.Varint)
            {
                throw new InvalidDataException($"a timestamp's field {part.Number} has wire type {(int)part.Type}");
            }
            if (part.Number == 1)
            {
                seconds = unchecked((long)part.Varint);
            }
            else if (part.Number == 2)
            {
                nanos = unchecked((int)part.Varint);
            }
        }
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new InvalidDataException($"a timestamp of {seconds} seconds is outside the years 0001-9999");
        }
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        if (!micro)
        {
            return JsonValue.Create(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        // Go's time.Unix carries nanos outside [0, 1e9) into the seconds; a sum past year 9999 is a 400 like the seconds'.
        var withMicros = time.AddTicks(nanos / 1000 * 10);
        return JsonValue.Create(withMicros.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    private static JsonValue Quantity(ReadOnlyMemory<byte> bytes)
    {
        var text = "";
        foreach (var part in WireReader.ReadFields(bytes))
        {
            if (part.Number == 1)
            {
                text = part.Type == WireType.LengthDelimited
                    ? Encoding.UTF8.GetString(part.Bytes.Span)
                    : throw new InvalidDataException($"a quantity's string has wire type {(int)part.Type}");
            }
        }
        return JsonValue.Create(text);
    }

    private static JsonValue IntOrString(ReadOnlyMemory<byte> bytes, ProtoField field)
    {
        long type = 0;
        var intValue = 0;
        var stringValue = "";
        foreach (var part in WireReader.ReadFields(bytes))
        {
            var expected = part.Number == 3 ? WireType.LengthDelimited : WireType.Varint;
            if (part.Number is 1 or 2 or 3 && part.Type != expected)
            {
                throw new InvalidDataException($"field {part.Number} of IntOrString {field.Json} has wire type {(int)part.Type}");
            }
            switch (part.Number)
            {
                case 1: type = unchecked((long)part.Varint); break;
                case 2: intValue = unchecked((int)part.Varint); break;
                case 3: stringValue = Encoding.UTF8.GetString(part.Bytes.Span); break;
            }
        }
        return type switch
        {
            0 => JsonValue.Create(intValue),
            1 => JsonValue.Create(stringValue),
            _ => throw new InvalidDataException($"IntOrString {field.Json} has type {type}; only 0 (int) and 1 (string) exist"),
        };
    }

    /// <summary>An empty RawExtension is Go's nil Raw, whose JSON is null; anything else must be JSON already.</summary>
    private static JsonNode? RawExtension(ReadOnlyMemory<byte> bytes, ProtoField field)
    {
        var raw = ReadOnlyMemory<byte>.Empty;
        foreach (var part in WireReader.ReadFields(bytes))
        {
            if (part.Number == 1)
            {
                raw = part.Type == WireType.LengthDelimited
                    ? part.Bytes
                    : throw new InvalidDataException($"the raw bytes of {field.Json} have wire type {(int)part.Type}");
            }
        }
        if (raw.IsEmpty)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(raw.Span);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"the raw bytes of {field.Json} are not JSON: {e.Message}");
        }
    }

    private static JsonArray StringList(ReadOnlyMemory<byte> bytes, ProtoField field)
    {
        var items = new JsonArray();
        foreach (var part in WireReader.ReadFields(bytes))
        {
            if (part.Number == 1)
            {
                items.Add(part.Type == WireType.LengthDelimited
                    ? Encoding.UTF8.GetString(part.Bytes.Span)
                    : throw new InvalidDataException($"an item of {field.Json} has wire type {(int)part.Type}"));
            }
        }
        return items;
    }
}
