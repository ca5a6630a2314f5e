using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosLab.Harness.Reporting;

/// <summary>Durations as a number of seconds (millisecond precision): "12.345", not TimeSpan's "00:00:12.3450000", so any tool can sum them.</summary>
internal sealed class SecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromSeconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
}
