using System.Globalization;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// The query of GET pods/NAME/log (PodLogOptions): container, follow, previous, timestamps, sinceSeconds, sinceTime,
/// tailLines, limitBytes. Validated as upstream validates them (422 Invalid naming the field), then passed on to the
/// kubelet as upstream's LogLocation passes them.
/// </summary>
public sealed record PodLogOptions(
    string? Container,
    bool Follow,
    bool Previous,
    bool Timestamps,
    long? SinceSeconds,
    DateTimeOffset? SinceTime,
    long? TailLines,
    long? LimitBytes)
{
    public static PodLogOptions Parse(IQueryCollection query, string podName)
    {
        ArgumentNullException.ThrowIfNull(query);
        DateTimeOffset? sinceTime = null;
        if (QueryValues.Text(query, "sinceTime") is { } text)
        {
            sinceTime = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && text.Contains('T', StringComparison.Ordinal)
                ? t
                : throw ApiException.BadRequest($"sinceTime: parsing time \"{text}\" as RFC 3339 failed");
        }
        var options = new PodLogOptions(
            QueryValues.Text(query, "container"),
            QueryValues.Flag(query, "follow"),
            QueryValues.Flag(query, "previous"),
            QueryValues.Flag(query, "timestamps"),
            QueryValues.Number(query, "sinceSeconds"),
            sinceTime,
            QueryValues.Number(query, "tailLines"),
            QueryValues.Number(query, "limitBytes"));
        var causes = options.Problems();
        if (causes.Count > 0)
        {
            throw ApiException.Invalid("PodLogOptions", "", podName, causes);
        }
        return options;
    }

    private List<FieldCause> Problems()
    {
        var causes = new List<FieldCause>();
        if (TailLines is < 0)
        {
            causes.Add(Invalid("tailLines", TailLines.Value, "must be greater than or equal to 0"));
        }
        if (LimitBytes is < 1)
        {
            causes.Add(Invalid("limitBytes", LimitBytes.Value, "must be greater than 0"));
        }
        if (SinceSeconds is not null && SinceTime is not null)
        {
            causes.Add(FieldCause.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }
        else if (SinceSeconds is < 1)
        {
            causes.Add(Invalid("sinceSeconds", SinceSeconds.Value, "must be greater than 0"));
        }
        return causes;
    }

    /// <summary>The kubelet's containerLogs query: only what is set, as upstream's LogLocation writes it.</summary>
    public string KubeletQuery()
    {
        var parts = new List<string>();
        if (Follow) parts.Add("follow=true");
        if (Previous) parts.Add("previous=true");
        if (Timestamps) parts.Add("timestamps=true");
        if (SinceSeconds is { } s) parts.Add("sinceSeconds=" + s.ToString(CultureInfo.InvariantCulture));
        if (SinceTime is { } t) parts.Add("sinceTime=" + Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        if (TailLines is { } n) parts.Add("tailLines=" + n.ToString(CultureInfo.InvariantCulture));
        if (LimitBytes is { } b) parts.Add("limitBytes=" + b.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    private static FieldCause Invalid(string field, long value, string why) =>
        new("FieldValueInvalid", $"Invalid value: {value.ToString(CultureInfo.InvariantCulture)}: {why}", field);
}
