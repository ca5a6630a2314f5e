using System.Globalization;
using System.Text;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// A CRI log record's time, as containerd writes it (RFC3339 with 0 to 9 fraction digits). <see cref="Time"/> is for
/// comparing (100 ns ticks); <see cref="Nanosecond"/> keeps the full fraction so that output shows the record's own digits.
/// </summary>
public readonly record struct CriLogTimestamp(DateTimeOffset Time, int Nanosecond)
{
    /// <summary>The longest text written by <see cref="TryFormat"/>: 2006-01-02T15:04:05.000000000+07:00.</summary>
    public const int MaxFormattedLength = 35;

    private const int SecondsLength = 19; // 2006-01-02T15:04:05

    /// <summary>
    /// Parses RFC3339 with an optional fraction of any length (digits past the ninth are dropped), a 'Z' or a ±hh:mm offset,
    /// as upstream's RFC3339NanoLenient parsing does.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out CriLogTimestamp timestamp)
    {
        timestamp = default;
        if (text.Length < SecondsLength + 1
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }
        var rest = text[SecondsLength..];
        var nanosecond = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                if (digits <= 9)
                {
                    nanosecond = (nanosecond * 10) + (rest[digits] - '0');
                }
                digits++;
            }
            if (digits == 1)
            {
                return false;
            }
            for (var scale = Math.Min(digits - 1, 9); scale < 9; scale++)
            {
                nanosecond *= 10;
            }
            rest = rest[digits..];
        }
        if (!TryParseOffset(rest, out var offset)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var time = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(nanosecond / 100);
        timestamp = new CriLogTimestamp(time, nanosecond);
        return true;
    }

    /// <summary>Writes upstream's output form (RFC3339NanoFixed): always nine fraction digits, 'Z' for UTC, else the record's offset.</summary>
    public bool TryFormat(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < MaxFormattedLength
            || !Time.TryFormat(destination, out var seconds, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture))
        {
            return false;
        }
        destination[seconds] = (byte)'.';
        if (!Nanosecond.TryFormat(destination[(seconds + 1)..], out var fraction, "D9", CultureInfo.InvariantCulture))
        {
            return false;
        }
        written = seconds + 1 + fraction;
        if (Time.Offset == TimeSpan.Zero)
        {
            destination[written++] = (byte)'Z';
            return true;
        }
        if (!Time.TryFormat(destination[written..], out var zone, "zzz", CultureInfo.InvariantCulture))
        {
            return false;
        }
        written += zone;
        return true;
    }

    public override string ToString()
    {
        Span<byte> text = stackalloc byte[MaxFormattedLength];
        return TryFormat(text, out var written) ? Encoding.ASCII.GetString(text[..written]) : Time.ToString("O", CultureInfo.InvariantCulture);
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.Length == 1 && text[0] == 'Z')
        {
            return true;
        }
        if (text.Length != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':'
            || !Digits(text.Slice(1, 2), out var hours) || !Digits(text.Slice(4, 2), out var minutes) || minutes > 59)
        {
            return false;
        }
        offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
        // DateTimeOffset holds offsets up to 14 h; a larger one is not something a runtime writes.
        return offset.Duration() <= TimeSpan.FromHours(14);
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
            value = (value * 10) + (b - '0');
        }
        return true;
    }
}
