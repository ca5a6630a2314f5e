using System.Net;
using ChaosLab.Network.Addressing;
using ChaosLab.Network.Routes;

namespace ChaosLab.Network.CommandLine;

/// <summary>The parsed command line of `chaoslab-node cni`.</summary>
public sealed record CniArguments(string Verb, string ConfigFile, string? PodId, string? Netns, string IfName, IReadOnlyList<PeerNode> Peers)
{
    public const string Usage =
        """
        usage: chaoslab-node cni add   --pod ID --netns PATH --config FILE.json [--ifname eth0]
               chaoslab-node cni del   --pod ID [--netns PATH] --config FILE.json [--ifname eth0]
               chaoslab-node cni check --pod ID --netns PATH --config FILE.json [--ifname eth0]
               chaoslab-node cni routes --config FILE.json [--peer PODCIDR=NODEIP]...
        """;

    public static readonly IReadOnlyList<string> Verbs = ["add", "del", "check", "routes"];

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static CniArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Verbs.Contains(args[0]))
        {
            throw new ArgumentException(args.Count == 0 ? "missing command" : $"unknown command '{args[0]}'; commands: {string.Join(", ", Verbs)}");
        }
        var verb = args[0];
        string? pod = null, netns = null, config = null, ifName = null;
        var peers = new List<PeerNode>();
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--pod": pod = value; break;
                case "--netns": netns = value; break;
                case "--config": config = value; break;
                case "--ifname": ifName = value; break;
                case "--peer": peers.Add(ParsePeer(value)); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (config is null)
        {
            throw new ArgumentException("--config is required");
        }
        if (verb != "routes" && string.IsNullOrEmpty(pod))
        {
            throw new ArgumentException($"{verb} needs --pod");
        }
        if (verb is "add" or "check" && string.IsNullOrEmpty(netns))
        {
            throw new ArgumentException($"{verb} needs --netns");
        }
        if (verb == "routes" && (pod is not null || netns is not null))
        {
            throw new ArgumentException("routes takes only --config and --peer");
        }
        if (verb != "routes" && peers.Count > 0)
        {
            throw new ArgumentException("--peer is for routes only");
        }
        return new CniArguments(verb, config, pod, netns, ifName ?? BridgePlugin.DefaultInterface, peers);
    }

    private static PeerNode ParsePeer(string value)
    {
        var parts = value.Split('=');
        if (parts.Length == 2 && IPAddress.TryParse(parts[1], out var node))
        {
            try
            {
                return new PeerNode(Ipv4.ParseSubnet(parts[0]), node);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"--peer '{value}': {ex.Message}", ex);
            }
        }
        throw new ArgumentException($"--peer '{value}' is not PODCIDR=NODEIP (e.g. 10.244.2.0/24=172.30.0.12)");
    }
}
