using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The kubelet's containerLogs parameters: follow, previous, tailLines, limitBytes. Log files here are the raw
/// output of the container, without per-line times, so timestamps, sinceSeconds and sinceTime are refused rather
/// than answered wrongly.
/// </summary>
public sealed record ContainerLogQuery(bool Follow, bool Previous, long? TailLines, long? LimitBytes)
{
    private static readonly string[] SinceParameters = ["sinceSeconds", "sinceTime"];

    public static ContainerLogQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var unsupported = Flag(query, "timestamps") ? "timestamps"
            : SinceParameters.FirstOrDefault(n => query[n].FirstOrDefault() is { Length: > 0 });
        if (unsupported is not null)
        {
            throw KubeletRequestException.BadRequest(
                $"{unsupported} is not supported: this runtime's container logs are the raw output, without per-line timestamps");
        }
        var tail = Number(query, "tailLines");
        var limit = Number(query, "limitBytes");
        if (tail < 0)
        {
            throw KubeletRequestException.BadRequest("tailLines must be greater than or equal to 0");
        }
        if (limit < 1)
        {
            throw KubeletRequestException.BadRequest("limitBytes must be greater than 0");
        }
        return new ContainerLogQuery(Flag(query, "follow"), Flag(query, "previous"), tail, limit);
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static long? Number(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is not { Length: > 0 } text ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw KubeletRequestException.BadRequest($"{name}: \"{text}\" is not an integer");
}
