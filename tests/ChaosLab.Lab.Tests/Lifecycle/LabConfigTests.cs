using System.Net;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.LoadBalancer;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Tests.Lifecycle;

[Category("Unit")]
public sealed class LabConfigTests
{
    private static readonly IReadOnlyList<LabNode> HaNodes =
    [
        new("cp-1", NodeRole.ControlPlane, IPAddress.Parse("172.30.0.10")),
        new("cp-2", NodeRole.ControlPlane, IPAddress.Parse("172.30.0.11")),
        new("cp-3", NodeRole.ControlPlane, IPAddress.Parse("172.30.0.12")),
        new("lb", NodeRole.LoadBalancer, IPAddress.Parse("172.30.0.13")),
        new("worker-1", NodeRole.Worker, IPAddress.Parse("172.30.0.14")),
    ];

    [Test]
    public void Etcd_member_requires_client_and_peer_certificates_and_lists_every_peer()
    {
        var spec = EtcdMember.Component(HaNodes[0], HaNodes.Take(3).ToList(), "tok", TimingProfile.Fast);
        var args = string.Join(' ', spec.Args);

        Assert.That(args, Does.Contain("--client-cert-auth").And.Contain("--peer-client-cert-auth"));
        Assert.That(args, Does.Contain("cp-1=https://172.30.0.10:2380,cp-2=https://172.30.0.11:2380,cp-3=https://172.30.0.12:2380"));
        Assert.That(spec.Args, Does.Contain("--pre-vote=true"), "a member coming back from a partition must not force an election");
        Assert.That(args, Does.Contain("--heartbeat-interval 50").And.Contain("--election-timeout 500"));
    }

    [Test]
    public void Kubernetes_profile_uses_etcd_defaults()
    {
        var args = string.Join(' ', EtcdMember.Component(HaNodes[0], HaNodes.Take(3).ToList(), "tok", TimingProfile.Kubernetes).Args);
        Assert.That(args, Does.Contain("--heartbeat-interval 100").And.Contain("--election-timeout 1000"));
    }

    [Test]
    public void Haproxy_checks_every_api_server_on_readyz_over_tls()
    {
        var config = Haproxy.Config(HaNodes.Take(3).ToList(), TimingProfile.Fast);

        Assert.That(config, Does.Contain("option httpchk GET /readyz"));
        foreach (var cp in HaNodes.Take(3))
        {
            Assert.That(config, Does.Contain($"server {cp.Name} {cp.Address}:6443 check check-ssl verify none"));
        }
    }

    [Test]
    public void Nodes_run_etcd_where_the_layout_puts_it_haproxy_on_the_lb_and_containerd_and_kubelets_on_workers()
    {
        var topology = TopologyLoader.Load(TestPaths.Topology("ha"));

        Assert.That(NodeComponents.For(HaNodes[0], HaNodes, topology, "id").Select(c => c.Name), Is.EqualTo(new[] { "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler" }));
        Assert.That(NodeComponents.For(HaNodes[3], HaNodes, topology, "id").Select(c => c.Name), Is.EqualTo(new[] { "haproxy" }));
        Assert.That(NodeComponents.For(HaNodes[4], HaNodes, topology, "id").Select(c => c.Name), Is.EqualTo(new[] { "containerd", "kubelet", "kube-proxy" }));
    }

    [Test]
    public void A_substituted_component_runs_the_given_command()
    {
        var topology = TopologyLoader.Parse("""
            name: sub
            nodes: { control-plane: 1 }
            components:
              etcd: { command: /opt/etcd/bin/etcd, args: ["--name", "x"] }
            """, "sub.yaml");

        var etcd = NodeComponents.For(HaNodes[0], HaNodes.Take(1).ToList(), topology, "id").Single(c => c.Name == "etcd");

        Assert.That(etcd.Command, Is.EqualTo("/opt/etcd/bin/etcd"));
        Assert.That(etcd.Args, Is.EqualTo(new[] { "--name", "x" }));
    }

    [Test]
    public void Api_servers_reach_their_local_etcd_member_first_with_their_own_client_certificate()
    {
        var topology = TopologyLoader.Load(TestPaths.Topology("ha"));
        var api = NodeComponents.For(HaNodes[1], HaNodes, topology, "id").Single(c => c.Name == "kube-apiserver");
        var args = string.Join(' ', api.Args);

        Assert.That(args, Does.Contain("--etcd-servers=https://172.30.0.11:2379,https://172.30.0.10:2379,https://172.30.0.12:2379"));
        Assert.That(args, Does.Contain("--etcd-certfile=/etc/chaoslab/pki/apiserver-etcd-client.crt"));
        Assert.That(args, Does.Contain("--default-unreachable-toleration-seconds=10"));
        Assert.That(api.Health!.Target, Is.EqualTo("https://127.0.0.1:6443/readyz"));
    }

    [Test]
    public void Node_config_survives_a_json_round_trip()
    {
        var config = new NodeConfig("cp-1", "control-plane", "172.30.0.10", 7070,
            [new ComponentSpec("etcd", "/usr/bin/etcd", ["--x"], new Dictionary<string, string> { ["A"] = "b" }, new HealthCheck(HealthCheckKind.Http, "http://127.0.0.1:2381/health"))]);

        var back = NodeConfig.FromJson(config.ToJson());

        Assert.That(back.Components.Single().Health, Is.EqualTo(config.Components.Single().Health));
        Assert.That(back.Components.Single().Args, Is.EqualTo(new[] { "--x" }));
    }
}
