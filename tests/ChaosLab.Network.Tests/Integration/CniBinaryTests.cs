using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Network.Cni;
using ChaosLab.Network.Commands;
using ChaosLab.Network.Links;
using ChaosLab.Network.Tests.Support;
using ChaosLab.TestSupport;

namespace ChaosLab.Network.Tests.Integration;

/// <summary>
/// The installed NativeAOT plugin (/opt/chaoslab/bin/cni/chaoslab-bridge and loopback) in a worker of a
/// `single` lab, run exactly as containerd runs it: CNI_* variables, the network config on stdin (the
/// conflist's plugin entry plus the cniVersion and name the runtime adds, prevResult on CHECK and DEL),
/// a namespace made with `ip netns add`. Its own bridge, cluster CIDR (10.252.0.0/16) and data folder,
/// so nothing here touches what the lab's kubelet sets up. Reports the time per call.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class CniBinaryTests
{
    private const string BinDir = NodeBinary.MountPoint + "/cni";
    private const string Bridge = "clcni0";
    private const string ConfigPath = "/tmp/cni-bin-it.json";
    private const string LoopbackConfigPath = "/tmp/cni-bin-it-lo.json";
    private const string DataDirectory = "/var/lib/chaoslab/cni-it";
    private const string ContainerA = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static readonly IPNetwork PodCidr = IPNetwork.Parse("10.252.1.0/24");
    private static readonly IPNetwork ClusterCidr = IPNetwork.Parse("10.252.0.0/16");
    private static readonly IPAddress Gateway = IPAddress.Parse("10.252.1.1");

    private DockerEngine _engine = null!;
    private LabState? _lab;
    private NodeShell _w1 = null!;
    private int _w1Pid;
    private string _addResult = "";

    [OneTimeSetUp]
    public async Task BringUp()
    {
        _engine = new DockerEngine();
        _lab = await TestLabs.UpAsync(_engine, "single", TestLabs.UniqueName("cni"));
        _w1 = new NodeShell(_engine, LabLabels.ContainerName(_lab.Name, "worker-1"), "worker-1");
        _w1Pid = (await _engine.InspectAsync(_w1.Container))!.Pid;
        await _w1.WriteFileAsync(ConfigPath, RuntimeConfig(prevResult: null));
        await _w1.WriteFileAsync(LoopbackConfigPath, """{"cniVersion": "0.3.1", "name": "cni-loopback", "type": "loopback"}""");
        await _w1.RunAsync("ip netns add cni-a");
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_lab is not null)
        {
            await TestLabs.DownAsync(_engine, _lab.Name);
        }
        _engine?.Dispose();
    }

    [Test, Order(1)]
    public async Task Both_names_are_the_same_plugin_and_answer_version()
    {
        var same = await _w1.TryAsync($"cmp {BinDir}/chaoslab-bridge {BinDir}/loopback && test -x {BinDir}/loopback");
        var version = await _w1.RunAsync($"echo '{{\"cniVersion\": \"1.0.0\"}}' | CNI_COMMAND=VERSION {BinDir}/loopback");

        Assert.That(same.ExitCode, Is.Zero, "chaoslab-bridge and loopback should be the same executable: " + same.Stderr);
        using var json = JsonDocument.Parse(version);
        Assert.That(json.RootElement.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()),
            Is.SupersetOf(new[] { "0.3.0", "0.3.1", "0.4.0", "1.0.0" }));
    }

    [Test, Order(2)]
    public async Task Loopback_add_sets_lo_up_as_containerds_cri_asks()
    {
        var before = await _w1.RunAsync("ip netns exec cni-a ip -o link show lo");

        var add = await PluginAsync("loopback", "ADD", ContainerA, "cni-a", LoopbackConfigPath, ifName: "lo");

        Assert.That(before, Does.Not.Contain(",UP"), "a new namespace's lo starts down");
        Assert.That(add.ExitCode, Is.Zero, add.Stdout + add.Stderr);
        Assert.That(await _w1.RunAsync("ip netns exec cni-a ip -o link show lo"), Does.Contain(",UP"));
        using var json = JsonDocument.Parse(add.Stdout);
        Assert.That(json.RootElement.GetProperty("cniVersion").GetString(), Is.EqualTo("0.3.1"));
        Assert.That(json.RootElement.GetProperty("ips")[0].GetProperty("address").GetString(), Is.EqualTo("127.0.0.1/8"));
        Assert.That(json.RootElement.GetProperty("ips")[0].GetProperty("version").GetString(), Is.EqualTo("4"));
    }

    [Test, Order(3)]
    public async Task Add_gives_an_address_on_the_podcidr_and_the_pod_reaches_the_bridge_gateway()
    {
        var add = await PluginAsync("chaoslab-bridge", "ADD", ContainerA, "cni-a", ConfigPath);

        Assert.That(add.ExitCode, Is.Zero, add.Stdout + add.Stderr);
        _addResult = add.Stdout;
        var (address, interfaces) = Parse(add.Stdout);
        Assert.That(PodCidr.Contains(address.Address), Is.True, $"{address} is outside {PodCidr}");
        Assert.That(interfaces, Is.EqualTo(new[] { Bridge, VethName.For(ContainerA), "eth0@/var/run/netns/cni-a" }));
        Assert.That(add.Stderr, Does.Contain("chaoslab-bridge ADD it/pod-a"), "the log line names the pod from CNI_ARGS");
        Assert.That(await _w1.RunAsync($"cat {DataDirectory}/{Bridge}/{address.Address}"), Is.EqualTo(ContainerA), "the container id is the IPAM key");
        Assert.That(await _w1.RunAsync("ip netns exec cni-a ip route show default"), Does.Contain($"default via {Gateway} dev eth0"));
        await AssertPingsGatewayAsync("cni-a");
    }

    [Test, Order(4)]
    public async Task Check_passes_with_the_add_result_as_prevResult()
    {
        await _w1.WriteFileAsync("/tmp/cni-bin-it-prev.json", RuntimeConfig(_addResult));

        var check = await PluginAsync("chaoslab-bridge", "CHECK", ContainerA, "cni-a", "/tmp/cni-bin-it-prev.json");
        var loopback = await PluginAsync("loopback", "CHECK", ContainerA, "cni-a", "/tmp/cni-bin-it-lo-04.json",
            before: """echo '{"cniVersion": "0.4.0", "name": "cni-loopback", "type": "loopback"}' > /tmp/cni-bin-it-lo-04.json && """);

        Assert.That(check.ExitCode, Is.Zero, check.Stdout + check.Stderr);
        Assert.That(check.Stdout, Is.Empty);
        Assert.That(loopback.ExitCode, Is.Zero, loopback.Stdout + loopback.Stderr);
    }

    [Test, Order(5)]
    public async Task Check_fails_with_code_102_once_the_host_veth_is_gone()
    {
        await _w1.RunAsync($"ip link del {VethName.For(ContainerA)}");

        var check = await PluginAsync("chaoslab-bridge", "CHECK", ContainerA, "cni-a", "/tmp/cni-bin-it-prev.json");

        Assert.That(check.ExitCode, Is.Not.Zero);
        using var json = JsonDocument.Parse(check.Stdout);
        Assert.That(json.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(CniErrorCodes.CheckFailed), check.Stdout);
    }

    [Test, Order(6)]
    public async Task Del_twice_succeeds_and_add_after_del_works_again()
    {
        var (first, _) = Parse(_addResult);

        var del = await PluginAsync("chaoslab-bridge", "DEL", ContainerA, "cni-a", "/tmp/cni-bin-it-prev.json");
        var again = await PluginAsync("chaoslab-bridge", "DEL", ContainerA, "cni-a", "/tmp/cni-bin-it-prev.json");

        Assert.That(del.ExitCode, Is.Zero, del.Stdout + del.Stderr);
        Assert.That(again.ExitCode, Is.Zero, again.Stdout + again.Stderr);
        Assert.That((await _w1.TryAsync($"test -e {DataDirectory}/{Bridge}/{first.Address}")).ExitCode, Is.Not.Zero, "the address is still allocated");
        Assert.That((await _w1.TryAsync("ip netns exec cni-a ip link show eth0")).ExitCode, Is.Not.Zero, "eth0 is still in the namespace");

        var add = await PluginAsync("chaoslab-bridge", "ADD", ContainerA, "cni-a", ConfigPath);

        Assert.That(add.ExitCode, Is.Zero, add.Stdout + add.Stderr);
        Assert.That(PodCidr.Contains(Parse(add.Stdout).Address.Address), Is.True);
        await AssertPingsGatewayAsync("cni-a");
    }

    [Test, Order(7)]
    public async Task Del_succeeds_when_the_namespace_is_already_gone_and_without_cni_netns()
    {
        await _w1.RunAsync("ip netns del cni-a");

        var del = await PluginAsync("chaoslab-bridge", "DEL", ContainerA, "cni-a", ConfigPath);
        var withoutNetns = await PluginAsync("chaoslab-bridge", "DEL", ContainerA, null, ConfigPath);
        var loopback = await PluginAsync("loopback", "DEL", ContainerA, "cni-a", LoopbackConfigPath, ifName: "lo");

        Assert.That(del.ExitCode, Is.Zero, del.Stdout + del.Stderr);
        Assert.That(withoutNetns.ExitCode, Is.Zero, withoutNetns.Stdout + withoutNetns.Stderr);
        Assert.That(loopback.ExitCode, Is.Zero, loopback.Stdout + loopback.Stderr);
        Assert.That((await _w1.RunAsync($"ls {DataDirectory}/{Bridge} | grep -c '^10\\.' || true")).Trim(), Is.EqualTo("0"), "an address is still allocated");
    }

    /// <summary>Sequential calls timed inside the node (no docker exec in the figure), like a runtime's one process per call.</summary>
    [Test, Order(8)]
    public async Task Each_call_takes_tens_of_milliseconds()
    {
        const int Pods = 10;
        var env = $"env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin CNI_IFNAME=eth0 CNI_PATH={BinDir}";
        string Timed(string label, string command) =>
            $"s=$(date +%s%N); {command} >/dev/null 2>&1 || echo FAILED {label} $i; e=$(date +%s%N); echo {label} $(( (e - s) / 1000 ))";
        var script = string.Join("\n",
            $"for i in $(seq {Pods}); do ip netns add cnit-$i; done",
            $"for i in $(seq {Pods}); do {Timed("version", $"echo '{{}}' | CNI_COMMAND=VERSION {BinDir}/chaoslab-bridge")}; done",
            $"for i in $(seq {Pods}); do {Timed("loopback-add", $"{env} CNI_COMMAND=ADD CNI_CONTAINERID=timing-$i CNI_NETNS=/var/run/netns/cnit-$i CNI_IFNAME=lo {BinDir}/loopback < {LoopbackConfigPath}")}; done",
            $"for i in $(seq {Pods}); do {Timed("add", $"{env} CNI_COMMAND=ADD CNI_CONTAINERID=timing-$i CNI_NETNS=/var/run/netns/cnit-$i {BinDir}/chaoslab-bridge < {ConfigPath}")}; done",
            $"for i in $(seq {Pods}); do {Timed("del", $"{env} CNI_COMMAND=DEL CNI_CONTAINERID=timing-$i CNI_NETNS=/var/run/netns/cnit-$i {BinDir}/chaoslab-bridge < {ConfigPath}")}; done",
            $"for i in $(seq {Pods}); do ip netns del cnit-$i; done");

        var output = await _w1.RunAsync(script);

        Assert.That(output, Does.Not.Contain("FAILED"), output);
        var timings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .GroupBy(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture) / 1000)
            .ToDictionary(g => g.Key, g => g.Order().ToList());
        foreach (var (label, ms) in timings)
        {
            await TestContext.Progress.WriteLineAsync(
                $"cni timing {label,-13} n={ms.Count} median {ms[ms.Count / 2],7:0.0} ms  min {ms[0],7:0.0} ms  max {ms[^1],7:0.0} ms");
        }
        // A loose bound: the figure is for the report; a loaded machine must not fail the test.
        Assert.That(timings["add"][Pods / 2], Is.LessThan(1000), "median ADD");
    }

    private Task<ExecResult> PluginAsync(string binary, string command, string containerId, string? netns, string configPath, string ifName = "eth0", string before = "") =>
        _w1.TryAsync(
            $"{before}env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin CNI_COMMAND={command} CNI_CONTAINERID={containerId} "
            + (netns is null ? "" : $"CNI_NETNS=/var/run/netns/{netns} ")
            + $"CNI_IFNAME={ifName} CNI_PATH={BinDir} CNI_ARGS='IgnoreUnknown=1;K8S_POD_NAMESPACE=it;K8S_POD_NAME=pod-a' "
            + $"{BinDir}/{binary} < {configPath}");

    /// <summary>The host's ping in the pod's namespace, reached through the node's root: the node image has no ping.</summary>
    private async Task AssertPingsGatewayAsync(string netns)
    {
        var ping = await HostCommand.TryRunAsync("nsenter", [$"--net=/proc/{_w1Pid}/root/run/netns/{netns}", "ping", "-c", "1", "-W", "2", Gateway.ToString()]);
        Assert.That(ping.ExitCode, Is.Zero, $"ping {Gateway} from {netns}: {ping.Stdout}{ping.Stderr}");
    }

    /// <summary>What containerd passes on stdin: the conflist's plugin entry with the list's cniVersion and name, and prevResult when given.</summary>
    private static string RuntimeConfig(string? prevResult)
    {
        var config = new NetworkConfig(PodCidr, ClusterCidr, Bridge, dataDirectory: DataDirectory);
        var list = JsonNode.Parse(CniConflist.ToJson(config))!.AsObject();
        var plugin = list["plugins"]![0]!.DeepClone().AsObject();
        plugin["cniVersion"] = list["cniVersion"]!.DeepClone();
        plugin["name"] = list["name"]!.DeepClone();
        if (prevResult is not null)
        {
            plugin["prevResult"] = JsonNode.Parse(prevResult);
        }
        return plugin.ToJsonString();
    }

    private static (InterfaceAddress Address, string[] Interfaces) Parse(string result)
    {
        using var json = JsonDocument.Parse(result);
        var ip = json.RootElement.GetProperty("ips")[0];
        var cidr = ip.GetProperty("address").GetString()!.Split('/');
        var interfaces = json.RootElement.GetProperty("interfaces").EnumerateArray()
            .Select(i => i.GetProperty("name").GetString() + (i.TryGetProperty("sandbox", out var s) ? "@" + s.GetString() : ""))
            .ToArray();
        Assert.That(ip.GetProperty("gateway").GetString(), Is.EqualTo(Gateway.ToString()));
        Assert.That(ip.GetProperty("interface").GetInt32(), Is.EqualTo(2));
        return (new InterfaceAddress(IPAddress.Parse(cidr[0]), int.Parse(cidr[1], CultureInfo.InvariantCulture)), interfaces);
    }
}
