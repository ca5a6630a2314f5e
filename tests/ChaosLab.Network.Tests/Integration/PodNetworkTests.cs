using System.Net;
using System.Text.Json;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Network.Tests.Support;
using ChaosLab.NodeApi;
using ChaosLab.TestSupport;

namespace ChaosLab.Network.Tests.Integration;

/// <summary>
/// The plugin in real nodes of a `single` lab, driven through `chaoslab-node cni` like a CNI plugin:
/// two pods on worker-1 and one on worker-2, each in its own network namespace, talk through the
/// bridge and across nodes over host-gw routes; an echo workload in one pod names itself to curl in
/// another. The tests use their own bridge and a cluster pod CIDR (10.250.0.0/16) of their own, so
/// that nothing here touches what a kubelet in the lab would set up.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PodNetworkTests
{
    private const string Bridge = "clit0";
    private const int KubeletPort = ChaosLab.Lab.ControlPlane.KubeletComponent.Port;
    private const string ConfigPath = "/tmp/cni-it.json";
    private const string DataDirectory = "/var/lib/chaoslab/cni";
    private static readonly IPNetwork ClusterCidr = IPNetwork.Parse("10.250.0.0/16");
    private static readonly IPNetwork Worker1Cidr = IPNetwork.Parse("10.250.1.0/24");
    private static readonly IPNetwork Worker2Cidr = IPNetwork.Parse("10.250.2.0/24");

    private readonly Dictionary<string, PodNetworkResult> _pods = [];
    private DockerEngine _engine = null!;
    private LabState? _lab;
    private NodeShell _w1 = null!;
    private NodeShell _w2 = null!;
    private IPAddress _w1Ip = null!;
    private IPAddress _w2Ip = null!;
    private IReadOnlyList<string> _dockerNatRules = [];

    [OneTimeSetUp]
    public async Task BringUp()
    {
        _engine = new DockerEngine();
        _lab = await TestLabs.UpAsync(_engine, "single", TestLabs.UniqueName("net"));
        _w1 = new NodeShell(_engine, LabLabels.ContainerName(_lab.Name, "worker-1"), "worker-1");
        _w2 = new NodeShell(_engine, LabLabels.ContainerName(_lab.Name, "worker-2"), "worker-2");
        _w1Ip = _lab.Find("worker-1")!.Address;
        _w2Ip = _lab.Find("worker-2")!.Address;
        await _w1.WriteFileAsync(ConfigPath, new NetworkConfig(Worker1Cidr, ClusterCidr, Bridge).ToJson());
        await _w2.WriteFileAsync(ConfigPath, new NetworkConfig(Worker2Cidr, ClusterCidr, Bridge).ToJson());
        await _w1.RunAsync("ip netns add it-a && ip netns add it-b");
        await _w2.RunAsync("ip netns add it-c");
        _dockerNatRules = await DockerNatRulesAsync(_w1);
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_lab is not null)
        {
            await TestLabs.DownAsync(_engine, _lab.Name);
            Assert.That(await TestLabs.LeftoversAsync(_engine, _lab.Name), Is.Empty);
        }
        _engine?.Dispose();
    }

    [Test, Order(1)]
    public async Task Add_gives_each_pod_an_address_from_its_node_podcidr_behind_the_bridge_gateway()
    {
        _pods["pod-a"] = await AddAsync(_w1, "pod-a", "it-a");
        _pods["pod-b"] = await AddAsync(_w1, "pod-b", "it-b");
        _pods["pod-c"] = await AddAsync(_w2, "pod-c", "it-c");

        Assert.That(Worker1Cidr.Contains(_pods["pod-a"].Ip) && Worker1Cidr.Contains(_pods["pod-b"].Ip), Is.True, "worker-1 pods outside 10.250.1.0/24");
        Assert.That(Worker2Cidr.Contains(_pods["pod-c"].Ip), Is.True, "worker-2 pod outside 10.250.2.0/24");
        Assert.That(_pods["pod-a"].Ip, Is.Not.EqualTo(_pods["pod-b"].Ip));
        Assert.That(_pods["pod-a"].Gateway, Is.EqualTo(IPAddress.Parse("10.250.1.1")));
        Assert.That(_pods["pod-a"].Mac, Does.Match("^([0-9a-f]{2}:){5}[0-9a-f]{2}$"));
        Assert.That(_pods["pod-a"].HostInterface, Is.EqualTo(VethName.For("pod-a")));

        var bridge = await _w1.RunAsync($"ip -4 -o addr show dev {Bridge}");
        Assert.That(bridge, Does.Contain("inet 10.250.1.1/24"));
        var inside = await _w1.RunAsync("ip netns exec it-a ip -4 -o addr show; ip netns exec it-a ip route show default");
        Assert.That(inside, Does.Contain($"eth0    inet {_pods["pod-a"].Cidr}").And.Contain("lo    inet 127.0.0.1").And.Contain("default via 10.250.1.1 dev eth0"));
        Assert.That(await _w1.RunAsync($"cat {DataDirectory}/{Bridge}/{_pods["pod-a"].Ip}"), Is.EqualTo("pod-a"));
    }

    [Test, Order(2)]
    public async Task A_repeated_add_returns_the_same_attachment()
    {
        var again = await AddAsync(_w1, "pod-a", "it-a");

        Assert.That(again, Is.EqualTo(_pods["pod-a"]));
    }

    [Test, Order(3)]
    public async Task Check_reports_a_wired_pod()
    {
        var check = await CniAsync(_w1, "check", "pod-b", "it-b");

        Assert.That(check.ExitCode, Is.Zero, check.Stderr);
        Assert.That(PodNetworkResult.FromJson(check.Stdout), Is.EqualTo(_pods["pod-b"]));
    }

    [Test, Order(4)]
    public async Task Pods_on_one_node_talk_over_the_bridge_to_the_echo_workload()
    {
        await StartEchoAsync(_w1, "pod-a", "it-a");

        var reply = await WaitForEchoAsync(_w1, "it-b", _pods["pod-a"].Ip, "/hello");

        Assert.That(reply.GetProperty("pod").GetString(), Is.EqualTo("pod-a"));
        Assert.That(reply.GetProperty("node").GetString(), Is.EqualTo("worker-1"));
        Assert.That(reply.GetProperty("podIP").GetString(), Is.EqualTo(_pods["pod-a"].Ip.ToString()));
        Assert.That(reply.GetProperty("path").GetString(), Is.EqualTo("/hello"));
        Assert.That(reply.GetProperty("client").GetString(), Does.StartWith(_pods["pod-b"].Ip + ":"));
    }

    [Test, Order(5)]
    public async Task The_echo_workload_turns_unready_while_tmp_unready_exists()
    {
        var url = $"http://{_pods["pod-a"].Ip}:8080/ready";
        var curl = $"ip netns exec it-b curl -s -o /dev/null -w '%{{http_code}}' --max-time 3 {url}";

        Assert.That(await _w1.RunAsync(curl), Is.EqualTo("200"));
        await _w1.RunAsync("touch /tmp/unready");
        try
        {
            Assert.That(await _w1.RunAsync(curl), Is.EqualTo("503"));
        }
        finally
        {
            await _w1.RunAsync("rm -f /tmp/unready");
        }
        Assert.That(await _w1.RunAsync(curl), Is.EqualTo("200"));
    }

    [Test, Order(6)]
    public async Task Pods_on_different_nodes_talk_over_host_gw_routes_without_nat()
    {
        await StartEchoAsync(_w2, "pod-c", "it-c");
        var fromWorker1 = await RoutesAsync(_w1, $"{Worker1Cidr}={_w1Ip}", $"{Worker2Cidr}={_w2Ip}");
        await RoutesAsync(_w2, $"{Worker1Cidr}={_w1Ip}", $"{Worker2Cidr}={_w2Ip}");

        Assert.That(fromWorker1.GetProperty("replaced").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { $"{Worker2Cidr} via {_w2Ip}" }));
        Assert.That(await _w1.RunAsync($"ip route show {Worker2Cidr}"), Does.Contain($"via {_w2Ip}"));
        var reply = await WaitForEchoAsync(_w1, "it-b", _pods["pod-c"].Ip, "/across");
        Assert.That(reply.GetProperty("pod").GetString(), Is.EqualTo("pod-c"));
        Assert.That(reply.GetProperty("node").GetString(), Is.EqualTo("worker-2"));
        Assert.That(reply.GetProperty("client").GetString(), Does.StartWith(_pods["pod-b"].Ip + ":"), "pod-to-pod traffic must keep the pod's source address");

        var again = await RoutesAsync(_w1, $"{Worker2Cidr}={_w2Ip}");
        Assert.That(again.GetProperty("replaced").GetArrayLength() + again.GetProperty("deleted").GetArrayLength(), Is.Zero, "a second sync changed routes");
    }

    [Test, Order(7)]
    public async Task Traffic_leaving_the_cluster_pod_cidr_is_masqueraded_and_dockers_nat_rules_stay()
    {
        // worker-2's kubelet port is outside the pod CIDR: the connection must leave worker-1 from worker-1's address.
        await _w1.RunAsync($"ip netns exec it-b nc -z -w 3 {_w2Ip} {KubeletPort}");
        var conntrack = await _w1.RunAsync($"conntrack -L -p tcp -s {_pods["pod-b"].Ip} -d {_w2Ip} --dport {KubeletPort} 2>/dev/null");

        Assert.That(conntrack, Does.Contain($"src={_w2Ip} dst={_w1Ip}"), "the reply direction should be to worker-1's own address (SNAT)");
        var chain = await _w1.RunAsync("iptables -t nat -S CHAOSLAB-CNI");
        Assert.That(chain, Does.Contain($"-s {Worker1Cidr} -d {ClusterCidr} -j RETURN").And.Contain("-j MASQUERADE"));
        Assert.That(_dockerNatRules, Is.Not.Empty, "expected Docker's embedded-DNS nat rules in the node");
        Assert.That(await DockerNatRulesAsync(_w1), Is.EquivalentTo(_dockerNatRules), "Docker's own nat rules changed");
    }

    [Test, Order(8)]
    public async Task Pods_cannot_reach_a_nodes_supervisor_port_while_nodes_still_can()
    {
        var port = NodeConfig.DefaultSupervisorPort;
        var ownNode = await _w1.TryAsync($"ip netns exec it-b nc -z -w 2 {_w1Ip} {port}");
        var bridgeGateway = await _w1.TryAsync($"ip netns exec it-b nc -z -w 2 {_pods["pod-b"].Gateway} {port}");
        var otherNode = await _w1.TryAsync($"ip netns exec it-b nc -z -w 2 {_w2Ip} {port}");
        var nodeToNode = await _w1.TryAsync($"nc -z -w 2 {_w2Ip} {port}");

        Assert.Multiple(() =>
        {
            Assert.That(ownNode.ExitCode, Is.Not.Zero, "a pod reached its own node's supervisor");
            Assert.That(bridgeGateway.ExitCode, Is.Not.Zero, "a pod reached the supervisor through the bridge gateway");
            Assert.That(otherNode.ExitCode, Is.Not.Zero, "a pod reached another node's supervisor");
            Assert.That(nodeToNode.ExitCode, Is.Zero, "worker-1 itself could not reach worker-2's supervisor: " + nodeToNode.Stderr);
        });
    }

    [Test, Order(9)]
    public async Task Del_removes_the_veth_and_the_address_and_is_idempotent()
    {
        var pod = _pods["pod-a"];
        await _w1.RunAsync("ip netns pids it-a | xargs -r kill -TERM");
        await Waiter.UntilAsync("the echo workload in it-a to exit on SIGTERM", TimeSpan.FromSeconds(15), async ct =>
        {
            var pids = (await _w1.TryAsync("ip netns pids it-a", ct)).Stdout.Trim();
            return (pids.Length == 0, $"pids [{pids}]");
        });
        Assert.That(await _w1.RunAsync("cat /tmp/echo-pod-a.log"), Does.Contain("chaoslab/echo: stopped"), "echo did not stop gracefully");

        var del = await CniAsync(_w1, "del", "pod-a", "it-a");

        Assert.That(del.ExitCode, Is.Zero, del.Stderr);
        Assert.That((await _w1.TryAsync($"ip link show {pod.HostInterface}")).ExitCode, Is.Not.Zero, "host veth still there");
        Assert.That((await _w1.TryAsync("ip netns exec it-a ip link show eth0")).ExitCode, Is.Not.Zero, "eth0 still in the pod netns");
        Assert.That((await _w1.TryAsync($"test -e {DataDirectory}/{Bridge}/{pod.Ip}")).ExitCode, Is.Not.Zero, "address still allocated");
        var check = await CniAsync(_w1, "check", "pod-a", "it-a");
        Assert.That(check.ExitCode, Is.EqualTo(1), "check of a deleted pod");
        Assert.That(check.Stderr, Does.Contain("holds no address"));
        Assert.That((await CniAsync(_w1, "del", "pod-a", "it-a")).ExitCode, Is.Zero, "a second DEL failed");
        Assert.That((await CniAsync(_w1, "del", "pod-a", "gone")).ExitCode, Is.Zero, "DEL with a missing netns failed");
    }

    [Test, Order(10)]
    public async Task Route_sync_removes_routes_to_podcidrs_no_longer_present_and_leaves_others()
    {
        await _w1.RunAsync($"ip route replace 10.251.9.0/24 via {_w2Ip}");
        try
        {
            var sync = await RoutesAsync(_w1);

            Assert.That(sync.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { $"{Worker2Cidr} via {_w2Ip}" }));
            Assert.That(await _w1.RunAsync($"ip route show {Worker2Cidr}"), Is.Empty);
            Assert.That(await _w1.RunAsync("ip route show 10.251.9.0/24"), Does.Contain($"via {_w2Ip}"), "a route outside the cluster pod CIDR was touched");
            Assert.That(await _w1.RunAsync($"ip route show {Worker1Cidr}"), Does.Contain($"dev {Bridge}"), "the node's own pod route went");
        }
        finally
        {
            await _w1.RunAsync("ip route del 10.251.9.0/24");
        }
    }

    private static Task<ExecResult> CniAsync(NodeShell node, string verb, string pod, string netns) =>
        node.TryAsync($"{NodeShell.ChaoslabNode} cni {verb} --pod {pod} --netns /var/run/netns/{netns} --config {ConfigPath}");

    private static async Task<PodNetworkResult> AddAsync(NodeShell node, string pod, string netns)
    {
        var add = await CniAsync(node, "add", pod, netns);
        Assert.That(add.ExitCode, Is.Zero, $"cni add {pod} on {node.NodeName}: {add.Stderr}");
        return PodNetworkResult.FromJson(add.Stdout);
    }

    private static async Task<JsonElement> RoutesAsync(NodeShell node, params string[] peers)
    {
        var output = await node.RunAsync($"{NodeShell.ChaoslabNode} cni routes --config {ConfigPath}{string.Concat(peers.Select(p => " --peer " + p))}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    private Task StartEchoAsync(NodeShell node, string pod, string netns) =>
        node.RunAsync($"POD_NAME={pod} POD_NAMESPACE=it NODE_NAME={node.NodeName} POD_IP={_pods[pod].Ip} "
            + $"nohup ip netns exec {netns} {NodeShell.ChaoslabNode} echo > /tmp/echo-{pod}.log 2>&1 &");

    private static async Task<JsonElement> WaitForEchoAsync(NodeShell node, string fromNetns, IPAddress ip, string path)
    {
        JsonElement reply = default;
        await Waiter.UntilAsync($"echo at {ip}:8080 answering from netns {fromNetns} on {node.NodeName}", TimeSpan.FromSeconds(30), async ct =>
        {
            var curl = await node.TryAsync($"ip netns exec {fromNetns} curl -sS --max-time 2 http://{ip}:8080{path}", ct);
            if (curl.ExitCode != 0)
            {
                return (false, $"curl exit {curl.ExitCode}: {curl.Stderr.Trim()}");
            }
            using var json = JsonDocument.Parse(curl.Stdout);
            reply = json.RootElement.Clone();
            return (true, curl.Stdout);
        });
        return reply;
    }

    private static async Task<IReadOnlyList<string>> DockerNatRulesAsync(NodeShell node) =>
        (await node.RunAsync("iptables -t nat -S")).Split('\n').Where(l => l.Contains("DOCKER", StringComparison.Ordinal)).ToList();
}
