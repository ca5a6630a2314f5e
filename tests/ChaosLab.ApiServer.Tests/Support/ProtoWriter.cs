using System.Text;

namespace ChaosLab.ApiServer.Tests.Support;

/// <summary>
/// Writes protobuf wire bytes field by field, as Go's generated marshallers do, for tests that need a body shaped like
/// the one kubectl sends: `new ProtoWriter().Str(1, "web").Message(2, spec => spec.Varint(1, 2))`.
/// </summary>
public sealed class ProtoWriter
{
    private readonly List<byte> _bytes = [];

    /// <summary>A varint field. A negative number takes ten bytes, as Go writes a negative int32 or int64.</summary>
    public ProtoWriter Varint(int field, long value) => Tag(field, 0).RawVarint(unchecked((ulong)value));

    public ProtoWriter Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public ProtoWriter Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2).RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtoWriter Message(int field, Action<ProtoWriter> build)
    {
        var message = new ProtoWriter();
        build(message);
        return Bytes(field, message.ToArray());
    }

    /// <summary>An empty message, as Go writes a plain struct field with nothing set (or a zero metav1.Time).</summary>
    public ProtoWriter Empty(int field) => Bytes(field, []);

    /// <summary>One entry of a map&lt;string, string&gt;: a message {key = 1, value = 2}.</summary>
    public ProtoWriter Entry(int field, string key, string value) => Message(field, e => e.Str(1, key).Str(2, value));

    /// <summary>Varints packed into one length-delimited field.</summary>
    public ProtoWriter Packed(int field, params long[] values)
    {
        var packed = new ProtoWriter();
        foreach (var value in values)
        {
            packed.RawVarint(unchecked((ulong)value));
        }
        return Bytes(field, packed.ToArray());
    }

    /// <summary>Bytes as they are, for malformed input.</summary>
    public ProtoWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>The body kubectl sends: "k8s\0", then runtime.Unknown {typeMeta {apiVersion, kind}, raw = the object}.</summary>
    public static byte[] Envelope(string apiVersion, string kind, Action<ProtoWriter> build)
    {
        var obj = new ProtoWriter();
        build(obj);
        var unknown = new ProtoWriter().Message(1, tm => tm.Str(1, apiVersion).Str(2, kind)).Bytes(2, obj.ToArray()).Str(3, "").Str(4, "");
        return [.. "k8s\0"u8, .. unknown.ToArray()];
    }

    private ProtoWriter Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private ProtoWriter RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.Add((byte)value);
        return this;
    }
}
