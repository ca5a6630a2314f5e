using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ChaosLab.Node.Agent;

/// <summary>What `chaoslab-node agent-do` is asked to do.</summary>
public enum AgentVerb
{
    /// <summary>Drop traffic from (and unless inbound-only, to) peer addresses; a percentage makes it a loss.</summary>
    Drop,

    /// <summary>A token-bucket qdisc on the node's interface.</summary>
    Bandwidth,

    /// <summary>An NFQUEUE rule and a netdelay helper that holds each packet the node sends.</summary>
    Latency,

    /// <summary>Kill, pause or resume a node component found by its command line.</summary>
    Signal,

    /// <summary>The processes of a component.</summary>
    Ps,

    /// <summary>Undo one fault's changes, or every change an agent ever made on this node.</summary>
    Heal,

    /// <summary>What the agent has in place: its rules, qdisc, helpers and paused processes.</summary>
    Status,
}

public enum SignalAction
{
    Kill,
    Pause,
    Resume,
}

/// <summary>
/// The parsed command line of `chaoslab-node agent-do VERB [--flag value]...`: the only way the harness talks to the
/// agent (through the API server's pods/exec, never a port). Every flag is checked here, before anything is touched.
/// </summary>
public sealed partial record AgentRequest(
    AgentVerb Verb,
    string? FaultId,
    IReadOnlyList<string> Peers,
    int Percent,
    bool InboundOnly,
    string? Rate,
    int BurstBytes,
    TimeSpan Delay,
    TimeSpan Jitter,
    string? Device,
    string? Component,
    SignalAction Action,
    TimeSpan ResumeAfter)
{
    public const string Usage = """
        usage: chaoslab-node agent-do VERB [flags]
          drop      --id ID --peers CIDR[,CIDR...] [--percent 1..100] [--inbound-only] [--dev IF|auto]
          bandwidth --id ID --rate RATE [--burst BYTES] [--dev IF|auto]
          latency   --id ID --delay 100ms [--jitter 10ms] [--peers CIDR,...] [--dev IF|auto]
          signal    --id ID --component NAME --action kill|pause|resume [--resume-after 60s]
          ps        --component NAME
          heal      [--id ID]
          status
        """;

    /// <summary>
    /// A paused kubelet or containerd cannot serve the exec that would resume it: every pause carries the time after
    /// which the agent's own loop resumes it, so that healing always works.
    /// </summary>
    public static readonly TimeSpan DefaultResumeAfter = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MaxResumeAfter = TimeSpan.FromMinutes(30);

    private static readonly Dictionary<string, AgentVerb> Verbs = new(StringComparer.Ordinal)
    {
        ["drop"] = AgentVerb.Drop,
        ["bandwidth"] = AgentVerb.Bandwidth,
        ["latency"] = AgentVerb.Latency,
        ["signal"] = AgentVerb.Signal,
        ["ps"] = AgentVerb.Ps,
        ["heal"] = AgentVerb.Heal,
        ["status"] = AgentVerb.Status,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static AgentRequest Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Verbs.TryGetValue(args[0], out var verb))
        {
            throw new ArgumentException(args.Count == 0 ? "a verb is required" : $"unknown verb '{args[0]}'; verbs: {string.Join(", ", Verbs.Keys)}");
        }
        var flags = ReadFlags(args.Skip(1).ToList());
        string? Take(string name) => flags.Remove(name, out var value) ? value : null;
        string Require(string name) => Take(name) ?? throw new ArgumentException($"{args[0]} needs --{name}");

        var request = new AgentRequest(verb, null, [], 100, false, null, 0, TimeSpan.Zero, TimeSpan.Zero, null, null, SignalAction.Kill, DefaultResumeAfter);
        var needsId = verb is not (AgentVerb.Ps or AgentVerb.Heal or AgentVerb.Status);
        var id = needsId ? Require("id") : Take("id");
        if (id is not null && !FaultIdPattern().IsMatch(id))
        {
            throw new ArgumentException($"--id '{id}' must be 1-32 letters, digits or '-'");
        }
        request = request with { FaultId = id };
        switch (verb)
        {
            case AgentVerb.Drop:
                request = request with
                {
                    Peers = ParsePeers(Require("peers")),
                    Percent = Take("percent") is { } p ? ParsePercent(p) : 100,
                    InboundOnly = Take("inbound-only") is { } inbound ? ParseBool("inbound-only", inbound) : false,
                    Device = Take("dev") ?? "auto",
                };
                break;
            case AgentVerb.Bandwidth:
                var rate = Require("rate");
                request = request with
                {
                    Rate = RatePattern().IsMatch(rate) ? rate : throw new ArgumentException($"--rate '{rate}' is not a tc rate (e.g. 1mbit, 500kbit)"),
                    BurstBytes = Take("burst") is { } b ? ParsePositive("burst", b) : 32 * 1024,
                    Device = Take("dev") ?? "auto",
                };
                break;
            case AgentVerb.Latency:
                var delay = ParseDuration("delay", Require("delay"));
                var jitter = Take("jitter") is { } j ? ParseDuration("jitter", j) : TimeSpan.Zero;
                if (delay <= TimeSpan.Zero || delay > TimeSpan.FromSeconds(10) || jitter > delay)
                {
                    throw new ArgumentException("--delay must be more than 0 and at most 10 s, --jitter at most the delay");
                }
                request = request with
                {
                    Delay = delay,
                    Jitter = jitter,
                    Peers = Take("peers") is { } peers ? ParsePeers(peers) : [],
                    Device = Take("dev") ?? "auto",
                };
                break;
            case AgentVerb.Signal:
                var action = Require("action");
                request = request with
                {
                    Component = ParseComponent(Require("component")),
                    Action = action switch
                    {
                        "kill" => SignalAction.Kill,
                        "pause" => SignalAction.Pause,
                        "resume" => SignalAction.Resume,
                        _ => throw new ArgumentException($"--action '{action}' must be kill, pause or resume"),
                    },
                    ResumeAfter = Take("resume-after") is { } after ? ParseDuration("resume-after", after) : DefaultResumeAfter,
                };
                if (request.ResumeAfter <= TimeSpan.Zero || request.ResumeAfter > MaxResumeAfter)
                {
                    throw new ArgumentException($"--resume-after must be more than 0 and at most {MaxResumeAfter.TotalMinutes:0} minutes");
                }
                break;
            case AgentVerb.Ps:
                request = request with { Component = ParseComponent(Require("component")) };
                break;
        }
        if (flags.Count > 0)
        {
            throw new ArgumentException($"{args[0]} does not take --{string.Join(", --", flags.Keys)}");
        }
        return request;
    }

    private static Dictionary<string, string> ReadFlags(List<string> args)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            string value;
            if (eq > 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (name == "inbound-only")
            {
                value = "true";
            }
            else
            {
                value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value");
            }
            if (!flags.TryAdd(name, value))
            {
                throw new ArgumentException($"--{name} is given twice");
            }
        }
        return flags;
    }

    private static List<string> ParsePeers(string text)
    {
        var peers = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(part, out var network))
            {
                peers.Add(network.ToString());
            }
            else if (IPAddress.TryParse(part, out var address))
            {
                peers.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32).ToString());
            }
            else
            {
                throw new ArgumentException($"--peers: '{part}' is not an address or a CIDR");
            }
        }
        return peers.Count > 0 ? peers : throw new ArgumentException("--peers names no address");
    }

    private static int ParsePercent(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 100
            ? p
            : throw new ArgumentException($"--percent '{text}' must be a whole number from 1 to 100");

    private static int ParsePositive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"--{name} '{text}' must be a positive whole number");

    private static bool ParseBool(string name, string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"--{name} takes true or false, not '{text}'"),
    };

    private static string ParseComponent(string text) =>
        ComponentProcessFinder.Known.Contains(text)
            ? text
            : throw new ArgumentException($"--component '{text}' is not known; components: {string.Join(", ", ComponentProcessFinder.Known)}");

    /// <summary>"100ms", "1.5s", "0".</summary>
    internal static TimeSpan ParseDuration(string name, string text)
    {
        var match = DurationPattern().Match(text);
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        if (!match.Success)
        {
            throw new ArgumentException($"--{name} '{text}' is not a duration (e.g. 100ms, 1.5s)");
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value == "s" ? TimeSpan.FromSeconds(value) : TimeSpan.FromMilliseconds(value);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex FaultIdPattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s)$")]
    private static partial Regex DurationPattern();
}
