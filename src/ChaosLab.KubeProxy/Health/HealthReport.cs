using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChaosLab.KubeProxy.Health;

/// <summary>The /healthz answer: upstream's lastUpdated, currentTime and nodeEligible, plus the age of the last sync.</summary>
public sealed record HealthReport(bool Healthy, DateTimeOffset? LastUpdated, DateTimeOffset CurrentTime, double? LastSyncAgeSeconds, bool NodeEligible)
{
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("lastUpdated", LastUpdated?.ToString("O", CultureInfo.InvariantCulture) ?? "");
            json.WriteString("currentTime", CurrentTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteBoolean("nodeEligible", NodeEligible);
            if (LastSyncAgeSeconds is { } age)
            {
                json.WriteNumber("lastSyncAgeSeconds", Math.Round(age, 3));
            }
            else
            {
                json.WriteNull("lastSyncAgeSeconds");
            }
            json.WriteBoolean("healthy", Healthy);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
