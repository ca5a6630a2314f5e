using System.Globalization;
using System.Text.Encodings.Web;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Escapes strings as Go's encoding/json does, which upstream encodes every JSON response with: \" and \\, \b \f \n
/// \r \t, the other control characters and &lt; &gt; &amp; as \u00xx (lowercase hex), U+2028 and U+2029 as \u2028 and
/// \u2029; everything else, non-ASCII included, as is. System.Text.Json's default encoder would write " as \u0022, '
/// and + as \u0027 and \u002B, and every non-ASCII character as an escape.
/// </summary>
public sealed class GoJsonEncoder : JavaScriptEncoder
{
    private const int LineSeparator = 0x2028;
    private const int ParagraphSeparator = 0x2029;

    public static GoJsonEncoder Instance { get; } = new();

    /// <summary>\u00xx: six characters for one.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or LineSeparator or ParagraphSeparator;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            if (WillEncode(span[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        for (var i = 0; i < utf8Text.Length; i++)
        {
            var b = utf8Text[i];
            if (b < 0x20 || b is (byte)'"' or (byte)'\\' or (byte)'<' or (byte)'>' or (byte)'&')
            {
                return i;
            }
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            if (b == 0xE2 && i + 2 < utf8Text.Length && utf8Text[i + 1] == 0x80 && utf8Text[i + 2] is 0xA8 or 0xA9)
            {
                return i;
            }
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var escaped = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when WillEncode(unicodeScalar) => "\\u" + unicodeScalar.ToString("x4", CultureInfo.InvariantCulture),
            _ => char.ConvertFromUtf32(unicodeScalar),
        };
        if (escaped.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        escaped.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = escaped.Length;
        return true;
    }
}
