using System.Text.Json;
using ChaosLab.Network.CommandLine;
using ChaosLab.Network.Routes;

namespace ChaosLab.Network;

/// <summary>
/// `chaoslab-node cni add|del|check|routes`: the plugin as a command, so it can be run like a CNI
/// plugin and tried by hand in a node. Prints the result as JSON on stdout. Exit codes: 0 done,
/// 1 the operation failed (stderr says what), 2 invalid arguments or config.
/// </summary>
public static class CniCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        CniArguments parsed;
        NetworkConfig config;
        try
        {
            parsed = CniArguments.Parse(args);
            config = NetworkConfig.Load(parsed.ConfigFile);
        }
        catch (Exception ex) when (ex is ArgumentException or NetworkPluginException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node cni: {ex.Message}\n{CniArguments.Usage}");
            return 2;
        }

        try
        {
            var output = await ExecuteAsync(parsed, config);
            if (output is not null)
            {
                await Console.Out.WriteLineAsync(output);
            }
            return 0;
        }
        catch (Exception ex) when (ex is NetworkPluginException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node cni {parsed.Verb}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<string?> ExecuteAsync(CniArguments a, NetworkConfig config)
    {
        var plugin = new BridgePlugin(config);
        switch (a.Verb)
        {
            case "add":
                return (await plugin.AddAsync(a.PodId!, a.Netns!, a.IfName)).ToJson();
            case "check":
                return (await plugin.CheckAsync(a.PodId!, a.Netns!, a.IfName)).ToJson();
            case "del":
                await plugin.DelAsync(a.PodId!, a.Netns, a.IfName);
                return null;
            default:
                var plan = await new HostGwRoutes(config).SyncAsync(a.Peers);
                return JsonSerializer.Serialize(
                    new RoutesOutput([.. plan.Replace.Select(r => r.ToString())], [.. plan.Delete.Select(r => r.ToString())]),
                    NetworkJson.Default.RoutesOutput);
        }
    }

    /// <summary>What `routes` prints: {"replaced": [...], "deleted": [...]}.</summary>
    internal sealed record RoutesOutput(IReadOnlyList<string> Replaced, IReadOnlyList<string> Deleted);
}
