using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>What a burst of pings from one node to another saw.</summary>
public sealed record PingResult(int Sent, int Received, double? MedianMs, IReadOnlyList<double> RttsMs)
{
    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Received}/{Sent} answered ({LossPercent:0.#} % lost){(MedianMs is { } m ? $", median RTT {m:0.##} ms" : "")}");
}

/// <summary>
/// ICMP echo from inside one node to another (the host's ping, in the source node's network
/// namespace): how faults prove a cut, a loss or a delay from outside their own mechanism.
/// </summary>
public static partial class Ping
{
    public static async Task<PingResult> RunAsync(IContainerEngine engine, ChaosNode from, IPAddress to, int count, TimeSpan interval, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        var result = await Netns.RunAsync(engine, from, [
            "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-W", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            to.ToString()], ct, check: false);
        return Parse(result.StandardOutput, count);
    }

    /// <summary>One ping that must be answered within a second: "can A reach B right now".</summary>
    public static async Task<bool> ReachesAsync(IContainerEngine engine, ChaosNode from, ChaosNode to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        var result = await RunAsync(engine, from, to.Address, 2, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), ct);
        return result.Received > 0;
    }

    internal static PingResult Parse(string output, int sent)
    {
        var rtts = RttPattern().Matches(output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var summary = SummaryPattern().Match(output);
        var transmitted = summary.Success ? int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) : sent;
        var received = summary.Success ? int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture) : rtts.Count;
        return new PingResult(transmitted, received, Median(rtts), rtts);
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex RttPattern();

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex SummaryPattern();
}
