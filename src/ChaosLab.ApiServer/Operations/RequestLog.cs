using System.Text.Json;
using System.Threading.Channels;

namespace ChaosLab.ApiServer.Operations;

/// <summary>
/// One JSON line per request on stdout: who asked what, with which client, and how it went. Lines go
/// through a channel to one writer so requests never wait on the console.
/// </summary>
public static class RequestLog
{
    private static readonly Channel<string> Lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private static readonly Task Writer = Task.Run(async () =>
    {
        var output = Console.Out;
        await foreach (var line in Lines.Reader.ReadAllAsync())
        {
            await output.WriteLineAsync(line);
        }
    });

    public static void Write(string verb, string uri, string? resource, string user, string? userAgent, int code, TimeSpan latency)
    {
        _ = Writer;
        Lines.Writer.TryWrite(JsonSerializer.Serialize(new
        {
            ts = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            msg = "HTTP",
            verb,
            uri,
            resource,
            user,
            userAgent,
            code,
            latencyMs = Math.Round(latency.TotalMilliseconds, 2),
        }));
    }
}
