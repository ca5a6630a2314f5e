using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The kubelet's containerLogs parameters: follow, previous, tailLines, limitBytes, timestamps, and one of sinceSeconds
/// or sinceTime. The runtime stamps each log record with its time, so all of them can be answered.
/// </summary>
public sealed record ContainerLogQuery(bool Follow, bool Previous, long? TailLines, long? LimitBytes)
{
    /// <summary>Prefix each line with the time of its (first) record.</summary>
    public bool Timestamps { get; init; }

    /// <summary>Only lines from the last this many seconds, counted from when the request arrives.</summary>
    public long? SinceSeconds { get; init; }

    /// <summary>Only lines from this time on.</summary>
    public DateTimeOffset? SinceTime { get; init; }

    /// <summary>The time before which lines are left out, if any, for a request that arrives at <paramref name="now"/>.</summary>
    public DateTimeOffset? Since(DateTimeOffset now) => SinceSeconds switch
    {
        { } seconds when seconds >= (now - DateTimeOffset.MinValue).TotalSeconds => DateTimeOffset.MinValue,
        { } seconds => now.AddSeconds(-seconds),
        null => SinceTime,
    };

    public static ContainerLogQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tail = Number(query, "tailLines");
        var limit = Number(query, "limitBytes");
        var sinceSeconds = Number(query, "sinceSeconds");
        var sinceTime = Time(query, "sinceTime");
        // Checked in the order and words of upstream's ValidatePodLogOptions.
        if (tail < 0)
        {
            throw KubeletRequestException.BadRequest("tailLines must be greater than or equal to 0");
        }
        if (limit < 1)
        {
            throw KubeletRequestException.BadRequest("limitBytes must be greater than 0");
        }
        if (sinceSeconds is not null && sinceTime is not null)
        {
            throw KubeletRequestException.BadRequest("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        if (sinceSeconds < 1)
        {
            throw KubeletRequestException.BadRequest("sinceSeconds must be greater than 0");
        }
        return new ContainerLogQuery(Flag(query, "follow"), Flag(query, "previous"), tail, limit)
        {
            Timestamps = Flag(query, "timestamps"),
            SinceSeconds = sinceSeconds,
            SinceTime = sinceTime,
        };
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static long? Number(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is not { Length: > 0 } text ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw KubeletRequestException.BadRequest($"{name}: \"{text}\" is not an integer");

    /// <summary>An RFC3339 time, as upstream reads metav1.Time from a query (a fraction of a second is accepted too).</summary>
    private static DateTimeOffset? Time(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is not { Length: > 0 } text ? null
        : CriLogTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out var time) ? time.Time
        : throw KubeletRequestException.BadRequest($"{name}: parsing time \"{text}\" as RFC3339 failed");
}
