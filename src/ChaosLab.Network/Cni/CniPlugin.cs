using System.Diagnostics;
using System.Text.Json;
using ChaosLab.Network.Ipam;

namespace ChaosLab.Network.Cni;

/// <summary>
/// The CNI protocol (spec 1.0.0, answering 0.3.0 to 1.0.0 configs) around the node's dataplane: takes
/// the CNI_* environment and the network config from stdin, returns exit code, stdout and a log line.
/// One binary serves two plugin types, chosen by the config's type (not by argv[0]):
/// <list type="bullet">
/// <item><see cref="BridgeType"/>: the pod interface on the node bridge (<see cref="BridgePlugin"/>);
/// CNI_CONTAINERID is the attachment's key (IPAM owner, host veth name, lock).</item>
/// <item><see cref="LoopbackType"/>: `lo` up in the namespace, as containerd's CRI asks of every sandbox.</item>
/// </list>
/// ADD prints the result, DEL and CHECK print nothing; any failure prints the spec's error result
/// (<see cref="CniErrorCodes"/>) and exits 1. DEL succeeds when the namespace or the allocation is gone.
/// </summary>
public sealed class CniPlugin(ICniDataplane? dataplane = null)
{
    public const string BridgeType = "chaoslab-bridge";
    public const string LoopbackType = "loopback";

    private const string LoopbackAddress = "127.0.0.1/8";
    private const string LoopbackMac = "00:00:00:00:00:00";

    private static readonly NetworkJson Output = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });

    private readonly ICniDataplane _dataplane = dataplane ?? new NodeDataplane();

    public async Task<CniOutcome> RunAsync(IReadOnlyDictionary<string, string> environment, string stdin, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var watch = Stopwatch.StartNew();
        var command = environment.TryGetValue("CNI_COMMAND", out var c) ? c : "";
        if (command == CniInvocation.Version)
        {
            return Version(stdin);
        }

        var version = CniNetConf.PeekVersion(stdin) ?? CniVersions.Current;
        var type = "cni";
        CniInvocation? call = null;
        try
        {
            if (CniInvocation.NewerCommands.Contains(command))
            {
                throw new CniException(CniErrorCodes.IncompatibleVersion, $"{command} is a command of CNI spec 1.1.0, which this plugin does not speak",
                    $"supported versions: {string.Join(", ", CniVersions.Supported)}");
            }
            call = CniInvocation.Parse(environment);
            var conf = CniNetConf.Parse(stdin);
            version = conf.CniVersion!;
            type = conf.Type!;
            if (call.Command == CniInvocation.Check && !CniVersions.HasCheck(version))
            {
                throw new CniException(CniErrorCodes.IncompatibleVersion, $"cniVersion {version} has no CHECK", "CHECK needs cniVersion 0.4.0 or later");
            }
            var result = type switch
            {
                BridgeType => await BridgeAsync(call, conf, ct),
                LoopbackType => await LoopbackAsync(call, conf, ct),
                _ => throw new CniException(CniErrorCodes.InvalidNetworkConfig, $"type '{type}' is not served by this plugin",
                    $"this binary serves the types {BridgeType} and {LoopbackType}"),
            };
            var stdout = result is null ? "" : JsonSerializer.Serialize(result.ForVersion(version), Output.CniResult) + "\n";
            return new CniOutcome(0, stdout, $"{type} {call.Command} {call.Describe()}: {Summary(result)} in {watch.ElapsedMilliseconds} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = ToCniException(ex, call?.Command);
            var stdout = JsonSerializer.Serialize(new CniError(version, error.Code, error.Message, error.Details), Output.CniError) + "\n";
            var who = call is null ? "" : " " + call.Describe();
            return new CniOutcome(1, stdout, $"{type} {(command.Length == 0 ? "(no CNI_COMMAND)" : command)}{who}: error {error.Code}: {error.Message}: {error.Details} ({watch.ElapsedMilliseconds} ms)");
        }
    }

    /// <summary>An error outcome built outside a call (e.g. stdin could not be read): the spec's error result, exit code 1.</summary>
    public static CniOutcome Error(int code, string message, string details, string? cniVersion = null)
    {
        var error = new CniError(cniVersion ?? CniVersions.Current, code, message, details ?? "");
        return new CniOutcome(1, JsonSerializer.Serialize(error, Output.CniError) + "\n", $"cni: error {code}: {message}: {details}");
    }

    private async Task<CniResult?> BridgeAsync(CniInvocation call, CniNetConf conf, CancellationToken ct)
    {
        var config = conf.ToNetworkConfig();
        switch (call.Command)
        {
            case CniInvocation.Add:
            {
                RequireNamespace(call.Netns!);
                var pod = await _dataplane.AddAsync(config, call.ContainerId, call.Netns!, call.IfName, ct);
                var result = BridgeResult(config, pod, call.Netns!);
                return conf.PrevResult is null ? result : result.After(conf.PrevResult);
            }
            case CniInvocation.Check:
            {
                var expected = conf.PrevResult
                    ?? throw new CniException(CniErrorCodes.InvalidNetworkConfig, "CHECK needs prevResult", "the runtime passes the result of the last ADD as prevResult");
                RequireNamespace(call.Netns!);
                var pod = await _dataplane.CheckAsync(config, call.ContainerId, call.Netns!, call.IfName, ct);
                CompareWithPrevResult(pod, expected, call);
                return null;
            }
            default:
                await _dataplane.DelAsync(config, call.ContainerId, call.Netns, call.IfName, ct);
                return null;
        }
    }

    /// <summary>Bridge, host veth, pod interface (in the sandbox); the pod's address on interface 2; the default route via the bridge.</summary>
    private CniResult BridgeResult(NetworkConfig config, PodNetworkResult pod, string netns) => new()
    {
        Interfaces =
        [
            new CniInterface(config.BridgeName, _dataplane.MacOf(config.BridgeName)),
            new CniInterface(pod.HostInterface, _dataplane.MacOf(pod.HostInterface)),
            new CniInterface(pod.Interface, pod.Mac, netns),
        ],
        Ips = [new CniIpConfig(null, pod.Cidr, pod.Gateway.ToString(), 2)],
        Routes = [new CniRoute("0.0.0.0/0", pod.Gateway.ToString())],
        Dns = new CniDns(),
    };

    /// <summary>
    /// CHECK consults prevResult (as the spec asks): the pod interface it lists in this namespace must
    /// hold the address and MAC found now, and the host veth found now must be among its interfaces.
    /// </summary>
    private static void CompareWithPrevResult(PodNetworkResult pod, CniResult expected, CniInvocation call)
    {
        var interfaces = expected.Interfaces ?? [];
        var index = interfaces.ToList().FindIndex(i => i.Name == call.IfName && i.Sandbox == call.Netns);
        if (index < 0)
        {
            throw CheckFailed($"prevResult lists no interface {call.IfName} in {call.Netns}", interfaces);
        }
        var address = (expected.Ips ?? []).FirstOrDefault(ip => ip.Interface == index)?.Address;
        if (address != pod.Cidr)
        {
            throw CheckFailed($"{call.IfName} in {call.Netns} has {pod.Cidr}, prevResult says {address ?? "no address"}", interfaces);
        }
        if (interfaces[index].Mac is { Length: > 0 } mac && !string.Equals(mac, pod.Mac, StringComparison.OrdinalIgnoreCase))
        {
            throw CheckFailed($"{call.IfName} in {call.Netns} has MAC {pod.Mac}, prevResult says {mac}", interfaces);
        }
        if (!interfaces.Any(i => i.Name == pod.HostInterface && string.IsNullOrEmpty(i.Sandbox)))
        {
            throw CheckFailed($"the host veth is {pod.HostInterface}, which prevResult does not list", interfaces);
        }
    }

    private async Task<CniResult?> LoopbackAsync(CniInvocation call, CniNetConf conf, CancellationToken ct)
    {
        switch (call.Command)
        {
            case CniInvocation.Add:
                RequireNamespace(call.Netns!);
                await _dataplane.SetLoopbackUpAsync(call.Netns!, ct);
                // A loopback after another plugin passes that plugin's result on unchanged.
                return conf.PrevResult ?? new CniResult
                {
                    Interfaces = [new CniInterface("lo", LoopbackMac, call.Netns)],
                    Ips = [new CniIpConfig(null, LoopbackAddress, null, 0)],
                    Dns = new CniDns(),
                };
            case CniInvocation.Check:
                RequireNamespace(call.Netns!);
                if (!await _dataplane.IsLoopbackUpAsync(call.Netns!, ct))
                {
                    throw new CniException(CniErrorCodes.CheckFailed, "CHECK failed", $"lo in {call.Netns} is down");
                }
                return null;
            default:
                // The namespace's lo goes with the namespace; there is nothing of ours to undo.
                return null;
        }
    }

    private void RequireNamespace(string netns)
    {
        if (!_dataplane.NamespaceExists(netns))
        {
            throw new CniException(CniErrorCodes.UnknownContainer, $"network namespace {netns} does not exist", "the container is gone; nothing was set up");
        }
    }

    private static CniOutcome Version(string stdin)
    {
        string? asked = null;
        if (!string.IsNullOrWhiteSpace(stdin))
        {
            try
            {
                asked = JsonSerializer.Deserialize(stdin, NetworkJson.Default.CniVersionRequest)?.CniVersion;
            }
            catch (JsonException)
            {
                // VERSION answers whatever it was given; a config it cannot read gets the plugin's own version.
            }
        }
        var result = new CniVersionResult(string.IsNullOrEmpty(asked) ? CniVersions.Current : asked, CniVersions.Supported);
        return new CniOutcome(0, JsonSerializer.Serialize(result, Output.CniVersionResult) + "\n", "");
    }

    private static CniException ToCniException(Exception ex, string? command) => ex switch
    {
        CniException cni => cni,
        LockTimeoutException => new CniException(CniErrorCodes.TryAgainLater, "the node's network is busy; try again later", ex.Message, ex),
        IpamExhaustedException => new CniException(CniErrorCodes.AddressesExhausted, "no free pod address on this node", ex.Message, ex),
        NetworkPluginException or IOException or UnauthorizedAccessException when command == CniInvocation.Check =>
            new CniException(CniErrorCodes.CheckFailed, "CHECK failed", ex.Message, ex),
        NetworkPluginException or IOException or UnauthorizedAccessException =>
            new CniException(CniErrorCodes.OperationFailed, $"{command} failed", ex.Message, ex),
        _ => new CniException(CniErrorCodes.Internal, $"internal error in {command}: {ex.GetType().Name}", ex.ToString(), ex),
    };

    private static CniException CheckFailed(string details, IReadOnlyList<CniInterface> interfaces) =>
        new(CniErrorCodes.CheckFailed, "CHECK failed", $"{details} (prevResult interfaces: {string.Join(", ", interfaces.Select(i => i.Sandbox is null ? i.Name : $"{i.Name}@{i.Sandbox}"))})");

    private static string Summary(CniResult? result) =>
        result?.Ips is { Count: > 0 } ips ? string.Join(", ", ips.Select(ip => ip.Address)) : "ok";
}
