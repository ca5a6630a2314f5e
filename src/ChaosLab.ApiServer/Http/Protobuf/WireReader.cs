namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>The protobuf wire types (the low three bits of a tag).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>One field as it came off the wire: a varint's value, or a length-delimited field's bytes.</summary>
internal readonly record struct WireField(int Number, WireType Type, ulong Varint, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// Splits a message into its fields without knowing its schema. Every way the bytes can be wrong (a value that runs
/// past the end, a varint longer than ten bytes, field number 0, a wire type Kubernetes never writes) throws
/// <see cref="InvalidDataException"/>, which <see cref="ProtobufBody"/> turns into a 400.
/// </summary>
internal static class WireReader
{
    private const int MaxFieldNumber = (1 << 29) - 1;

    public static List<WireField> ReadFields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<WireField>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = ReadVarint(span, ref position);
            var number = tag >> 3;
            if (number is 0 or > MaxFieldNumber)
            {
                throw new InvalidDataException($"illegal field number {number}");
            }
            var type = (WireType)(tag & 7);
            fields.Add(type switch
            {
                WireType.Varint => new WireField((int)number, type, ReadVarint(span, ref position), ReadOnlyMemory<byte>.Empty),
                WireType.Fixed64 => new WireField((int)number, type, 0, Take(message, ref position, 8)),
                WireType.LengthDelimited => new WireField((int)number, type, 0, Take(message, ref position, ReadVarint(span, ref position))),
                WireType.Fixed32 => new WireField((int)number, type, 0, Take(message, ref position, 4)),
                _ => throw new InvalidDataException($"unsupported wire type {(int)type} for field {number}"),
            });
        }
        return fields;
    }

    /// <summary>The varints of a packed repeated field (proto3's default, and allowed in proto2).</summary>
    public static List<ulong> ReadPackedVarints(ReadOnlyMemory<byte> bytes)
    {
        var values = new List<ulong>();
        var span = bytes.Span;
        var position = 0;
        while (position < span.Length)
        {
            values.Add(ReadVarint(span, ref position));
        }
        return values;
    }

    private static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> message, ref int position, ulong length)
    {
        if (length > (ulong)(message.Length - position))
        {
            throw new InvalidDataException($"a value of {length} bytes runs past the end of its message");
        }
        var value = message.Slice(position, (int)length);
        position += (int)length;
        return value;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new InvalidDataException("a varint runs past the end of its message");
            }
            var b = bytes[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new InvalidDataException("a varint is longer than ten bytes");
    }
}
