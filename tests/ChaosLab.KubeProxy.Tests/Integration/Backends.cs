using System.Globalization;
using ChaosLab.KubeProxy.Tests.Support;

namespace ChaosLab.KubeProxy.Tests.Integration;

/// <summary>
/// Three fake pods on worker-1: network namespaces kpt1..kpt3 with veths on a test bridge (kpt0,
/// 10.250.0.1/24), each running an HTTP responder (haproxy from the node image) on :8080 that answers
/// its own name. Nothing here touches the lab's own pod network.
/// </summary>
public sealed class Backends(NodeShell node)
{
    public const int Port = 8080;
    public const string Bridge = "kpt0";
    public const string Gateway = "10.250.0.1";

    public static IReadOnlyList<string> Names { get; } = ["kpt1", "kpt2", "kpt3"];

    public static string Address(string name) => $"10.250.0.1{name[^1]}";

    public async Task StartAsync()
    {
        await node.RunAsync("create the test bridge", $"""
            set -e
            ip link add {Bridge} type bridge
            ip addr add {Gateway}/24 dev {Bridge}
            ip link set {Bridge} up
            """);
        foreach (var name in Names)
        {
            await node.RunAsync($"create backend {name}", $"""
                set -e
                ip netns add {name}
                ip link add {name}-h type veth peer name eth0 netns {name}
                ip link set {name}-h master {Bridge} up
                ip -n {name} addr add {Address(name)}/24 dev eth0
                ip -n {name} link set lo up
                ip -n {name} link set eth0 up
                ip -n {name} route add default via {Gateway}
                cat > /tmp/{name}.cfg <<'EOF'
                global
                  maxconn 256
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 5s
                  timeout server 5s
                frontend echo
                  bind {Address(name)}:{Port.ToString(CultureInfo.InvariantCulture)}
                  http-request return status 200 content-type text/plain string "{name}"
                EOF
                ip netns exec {name} haproxy -D -f /tmp/{name}.cfg -p /run/{name}.pid
                """);
        }
        foreach (var name in Names)
        {
            var answer = await node.RunAsync($"ask {name} directly", $"curl -s --max-time 2 http://{Address(name)}:{Port.ToString(CultureInfo.InvariantCulture)}/");
            Assert.That(answer, Is.EqualTo(name), $"backend {name} does not answer directly");
        }
    }

    public async Task StopAsync()
    {
        foreach (var name in Names)
        {
            await node.TryAsync($"[ -f /run/{name}.pid ] && kill $(cat /run/{name}.pid); ip netns del {name}; rm -f /tmp/{name}.cfg /run/{name}.pid");
        }
        await node.TryAsync($"ip link del {Bridge}");
    }
}
