using System.Buffers.Binary;
using System.Text;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// An uncompressed SPDY/3 name/value header block (SPDY/3 §2.6.10): the number of pairs, then each name
/// and value, every one preceded by its length; all numbers 32-bit big-endian. Names are lowercase and
/// unique; several values of one name travel as one value joined by NUL bytes.
/// </summary>
public static class SpdyHeaderBlock
{
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        // Grouped in first-seen order: a receiver rejects a name that appears twice.
        var grouped = new List<(string Name, List<string> Values)>();
        foreach (var (name, value) in headers)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("a SPDY header name is empty", nameof(headers));
            }
            var lower = name.ToLowerInvariant();
            var group = grouped.Find(g => g.Name == lower);
            if (group.Values is null)
            {
                grouped.Add((lower, [value ?? string.Empty]));
            }
            else
            {
                group.Values.Add(value ?? string.Empty);
            }
        }

        using var block = new MemoryStream();
        WriteUInt32(block, (uint)grouped.Count);
        foreach (var (name, values) in grouped)
        {
            WriteString(block, name);
            WriteString(block, string.Join('\0', values));
        }
        return block.ToArray();
    }

    private static void WriteString(MemoryStream block, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteUInt32(block, (uint)bytes.Length);
        block.Write(bytes);
    }

    private static void WriteUInt32(MemoryStream block, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        block.Write(bytes);
    }
}
