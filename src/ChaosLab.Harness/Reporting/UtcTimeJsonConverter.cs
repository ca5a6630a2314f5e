using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosLab.Harness.Reporting;

/// <summary>Times as ISO 8601 in UTC with milliseconds ("2026-11-25T16:15:00.123Z") whatever offset they were recorded with, so runs compare as text.</summary>
internal sealed class UtcTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToNearestMillisecond(value.UtcDateTime).ToString(Format, CultureInfo.InvariantCulture));

    // The format truncates; rounding keeps 16:15:06.2999999 (what AddSeconds(5.3) can give) from reading as .299.
    private static DateTime ToNearestMillisecond(DateTime utc)
    {
        var remainder = utc.Ticks % TimeSpan.TicksPerMillisecond;
        return utc.AddTicks(remainder >= TimeSpan.TicksPerMillisecond / 2 ? TimeSpan.TicksPerMillisecond - remainder : -remainder);
    }
}
