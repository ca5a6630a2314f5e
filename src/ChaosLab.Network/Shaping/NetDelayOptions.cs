using System.Globalization;
using System.Text.RegularExpressions;

namespace ChaosLab.Network.Shaping;

/// <summary>The parsed command line of `chaoslab-node netdelay`.</summary>
public sealed partial record NetDelayOptions(ushort Queue, TimeSpan Delay, TimeSpan Jitter, double Loss, int? Seed)
{
    public const string Usage = "usage: chaoslab-node netdelay --queue N [--delay 100ms] [--jitter 10ms] [--loss 0.0..1.0] [--seed N]";

    /// <summary>Packets are held in the kernel meanwhile; longer than this is a mistake, not a lab condition.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    /// <summary>Parses --flag value or --flag=value; throws <see cref="ArgumentException"/> naming the bad flag.</summary>
    public static NetDelayOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ushort? queue = null;
        TimeSpan delay = TimeSpan.Zero, jitter = TimeSpan.Zero;
        var loss = 0.0;
        int? seed = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            var value = eq > 0 ? arg[(eq + 1)..] : (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value"));
            switch (name)
            {
                case "--queue":
                    queue = ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : throw new ArgumentException($"--queue '{value}' is not a queue number (0..65535)");
                    break;
                case "--delay":
                    delay = ParseDuration(name, value);
                    break;
                case "--jitter":
                    jitter = ParseDuration(name, value);
                    break;
                case "--loss":
                    loss = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var l) && l is >= 0 and <= 1
                        ? l
                        : throw new ArgumentException($"--loss '{value}' is not a probability (0.0..1.0)");
                    break;
                case "--seed":
                    seed = int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException($"--seed '{value}' is not an integer");
                    break;
                default:
                    throw new ArgumentException($"unknown flag {name}");
            }
        }
        if (queue is null)
        {
            throw new ArgumentException("--queue is required");
        }
        if (delay + jitter > MaxDelay)
        {
            throw new ArgumentException($"--delay plus --jitter is {Format(delay + jitter)}, more than {Format(MaxDelay)}");
        }
        return new NetDelayOptions(queue.Value, delay, jitter, loss, seed);
    }

    /// <summary>A duration as the flags take it: "100ms", "1.5s".</summary>
    public static string Format(TimeSpan duration) => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds}ms");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"queue {Queue} delay {Format(Delay)} jitter {Format(Jitter)} loss {Loss}");

    /// <summary>Go-style durations ("100ms", "1s", "1m30s", "250us"), non-negative; ChaosLab.Client's GoDuration is not referenced from here.</summary>
    private static TimeSpan ParseDuration(string flag, string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new ArgumentException($"{flag} '{text}' is not a duration (expected e.g. 100ms, 1.5s)");
        }
        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            var part = match.Groups["unit"].Value switch
            {
                "us" or "µs" => value / 1000,
                "ms" => value,
                "s" => value * 1000,
                _ => value * 60_000,
            };
            total += part > MaxDelay.TotalMilliseconds
                ? throw new ArgumentException($"{flag} '{text}' is more than {Format(MaxDelay)}")
                : TimeSpan.FromMilliseconds(part);
        }
        return total;
    }

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>us|µs|ms|s|m)")]
    private static partial Regex DurationPart();
}
