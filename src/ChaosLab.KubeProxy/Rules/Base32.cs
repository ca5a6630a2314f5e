using System.Text;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>RFC 4648 base32 with the standard alphabet and padding, like Go's <c>base32.StdEncoding</c>.</summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder((data.Length + 4) / 5 * 8);
        var buffer = 0;
        var bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        while (text.Length % 8 != 0)
        {
            text.Append('=');
        }
        return text.ToString();
    }
}
