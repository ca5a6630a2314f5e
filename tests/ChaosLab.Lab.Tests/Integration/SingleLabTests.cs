using System.Net;
using System.Net.Sockets;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;
using ChaosLab.NodeApi;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Lab.Tests.Integration;

/// <summary>A `single` lab on the real engine: etcd over TLS, node containers, host firewall, and every
/// node and component operation the chaos engine will build on, each observed from outside.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SingleLabTests
{
    private DockerEngine _engine = null!;
    private LabState _lab = null!;
    private LabPaths _paths = null!;

    private LabNode Cp1 => _lab.Find("cp-1")!;

    private string Container(string node) => LabLabels.ContainerName(_lab.Name, node);

    [OneTimeSetUp]
    public async Task BringUp()
    {
        _engine = new DockerEngine();
        _lab = await TestLabs.UpAsync(_engine, "single", TestLabs.UniqueName("single"));
        _paths = LabPaths.For(_lab.Name);
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_lab is not null)
        {
            await new LabController(_engine, TestLabs.Progress).DownAsync(_lab.Name);
            Assert.That(await TestLabs.LeftoversAsync(_engine, _lab.Name), Is.Empty);
        }
        _engine.Dispose();
    }

    [Test, Order(1)]
    public async Task Every_etcd_member_is_healthy_over_tls_with_one_leader()
    {
        var status = await _lab.Controller(_engine).StatusAsync(_lab.Name);

        Assert.That(status.Etcd, Has.Count.EqualTo(1));
        Assert.That(status.Etcd.All(m => m.Healthy), Is.True, string.Join("; ", status.Etcd));
        Assert.That(status.Etcd.Count(m => m.IsLeader), Is.EqualTo(1));
        Assert.That(status.Healthy, Is.True);
    }

    [Test]
    public void An_etcd_client_without_a_certificate_is_refused()
    {
        using var handler = new SocketsHttpHandler();
        // Trust any server: the test is about the server refusing us, not about us refusing it.
#pragma warning disable CA5359
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };

        Assert.That(async () => await http.GetAsync(new Uri($"{EtcdMember.ClientUrl(Cp1)}/health")), Throws.InstanceOf<HttpRequestException>());
    }

    [TestCase("worker-1", "kubelet", false)]
    [TestCase("worker-1", "kube-proxy", false)]
    [TestCase("cp-1", "apiserver-etcd-client", true)]
    public async Task Etcd_answers_only_the_api_servers_client_certificate(string node, string identity, bool answered)
    {
        // From the node itself, with its own files. The same command with the API server's certificate is the control:
        // only the certificate differs. Workers' certificates come from the cluster CA; etcd trusts only the etcd CA.
        string[] etcdctl = ["env", "ETCDCTL_API=3", "etcdctl", "--endpoints", EtcdMember.ClientUrl(Cp1), "--insecure-skip-tls-verify",
            "--cert", $"/etc/chaoslab/pki/{identity}.crt", "--key", $"/etc/chaoslab/pki/{identity}.key",
            "--command-timeout", "3s", "get", "/registry/namespaces", "--prefix", "--keys-only"];

        var result = await _engine.ExecAsync(Container(node), etcdctl);

        if (answered)
        {
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            Assert.That(result.Stdout, Does.Contain("/registry/namespaces/default"));
        }
        else
        {
            Assert.That(result.ExitCode, Is.Not.Zero, $"etcd answered {node}'s {identity} certificate: {result.Stdout}");
            Assert.That(result.Stdout, Is.Empty);
        }
    }

    [Test]
    public async Task Nodes_are_named_labelled_and_carry_their_node_name_as_hostname()
    {
        var containers = await _engine.ListContainersAsync($"{LabLabels.Lab}={_lab.Name}");

        Assert.That(containers.Select(c => c.Name), Is.EquivalentTo(_lab.Nodes.Select(n => Container(n.Name))));
        foreach (var node in _lab.Nodes)
        {
            var info = containers.Single(c => c.Name == Container(node.Name));
            Assert.That(info.Labels[LabLabels.Role], Is.EqualTo(ChaosLab.Lab.Topology.NodeRoleNames.ToYaml(node.Role)));
            Assert.That(info.Labels[LabLabels.LabId], Is.EqualTo(_lab.Id));
            var hostname = await _engine.ExecAsync(info.Name, ["hostname"]);
            Assert.That(hostname.Stdout.Trim(), Is.EqualTo(node.Name));
        }
    }

    [Test]
    public async Task The_lab_network_is_internal()
    {
        var result = await CliWrap.Cli.Wrap("docker").WithArguments(["network", "inspect", "-f", "{{.Internal}}", _lab.Network]).ExecuteBufferedAsync();
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo("true"));
    }

    [Test]
    public async Task Nodes_reach_each_other_but_cannot_open_connections_to_the_host()
    {
        var gateway = ChaosLab.Lab.Network.SubnetPool.AddressAt(IPNetwork.Parse(_lab.NodeSubnet), 1);
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var toHost = await _engine.ExecAsync(Container("worker-1"), ["nc", "-z", "-w", "2", gateway.ToString(), port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var toNode = await _engine.ExecAsync(Container("worker-1"), ["nc", "-z", "-w", "2", Cp1.Address.ToString(), "7070"]);

        Assert.That(toHost.ExitCode, Is.Not.Zero, "a node opened a connection to a service on the host");
        Assert.That(toNode.ExitCode, Is.Zero, "worker-1 could not reach cp-1's supervisor: " + toNode.Stderr);
    }

    [Test]
    public async Task Exec_and_logs_reach_the_node()
    {
        var exec = await _engine.ExecAsync(Container("cp-1"), ["sh", "-c", "echo out; echo err >&2; exit 3"]);
        var logs = await _engine.LogsAsync(Container("cp-1"), 100);

        Assert.That((exec.ExitCode, exec.Stdout.Trim(), exec.Stderr.Trim()), Is.EqualTo((3L, "out", "err")));
        Assert.That(logs, Does.Contain("supervising 4 components: etcd, kube-apiserver, kube-controller-manager, kube-scheduler"));
    }

    [Test]
    public async Task Pausing_a_node_freezes_it_and_unpausing_resumes_it()
    {
        var worker = _lab.Find("worker-1")!;
        await _engine.PauseAsync(Container("worker-1"));
        try
        {
            Assert.That((await _engine.InspectAsync(Container("worker-1")))!.State, Is.EqualTo(ContainerState.Paused));
            using var client = new SupervisorClient(_paths, TimeSpan.FromSeconds(1));
            Assert.That(async () => await client.ComponentsAsync(worker), Throws.InstanceOf<TaskCanceledException>().Or.InstanceOf<HttpRequestException>());
        }
        finally
        {
            await _engine.UnpauseAsync(Container("worker-1"));
        }
        await WaitForSupervisorAsync(worker);
    }

    [Test]
    public async Task Killing_a_control_plane_node_takes_etcd_down_and_starting_it_brings_etcd_back_with_its_data()
    {
        await PutMarkerAsync("kill-start");
        await _engine.KillAsync(Container("cp-1"));
        Assert.That((await _engine.InspectAsync(Container("cp-1")))!.State, Is.EqualTo(ContainerState.Exited));
        using var probe = EtcdProbe.ForLab(_paths);
        Assert.That((await probe.StatusAsync(Cp1)).Healthy, Is.False);

        await _engine.StartAsync(Container("cp-1"));
        await WaitForEtcdAsync();
        Assert.That(await GetMarkerAsync("kill-start"), Is.True, "etcd lost its data across a kill and start");
        await WaitForSupervisorAsync(Cp1);
    }

    [Test]
    public async Task Stopping_and_restarting_a_node_brings_its_components_back()
    {
        await _engine.StopAsync(Container("cp-1"), TimeSpan.FromSeconds(5));
        Assert.That((await _engine.InspectAsync(Container("cp-1")))!.State, Is.EqualTo(ContainerState.Exited));
        await _engine.StartAsync(Container("cp-1"));
        await WaitForEtcdAsync();

        await _engine.RestartAsync(Container("cp-1"), TimeSpan.FromSeconds(5));
        await WaitForEtcdAsync();
        await WaitForSupervisorAsync(Cp1);
    }

    [Test]
    public async Task Supervisor_stops_and_starts_one_component_and_restarts_it_after_a_kill()
    {
        using var client = new SupervisorClient(_paths);
        using var probe = EtcdProbe.ForLab(_paths);

        var stopped = await client.ActAsync(Cp1, "etcd", ComponentActions.Stop);
        Assert.That(stopped.State, Is.EqualTo(ComponentState.Stopped));
        Assert.That((await probe.StatusAsync(Cp1)).Healthy, Is.False, "etcd still answers after stop");

        await client.ActAsync(Cp1, "etcd", ComponentActions.Start);
        await WaitForEtcdAsync();

        var before = (await client.ComponentsAsync(Cp1)).Single(c => c.Name == "etcd");
        await client.ActAsync(Cp1, "etcd", ComponentActions.Kill);
        await Waiter.UntilAsync("etcd restarted by the supervisor", TimeSpan.FromSeconds(20), async ct =>
        {
            var now = (await client.ComponentsAsync(Cp1, ct)).Single(c => c.Name == "etcd");
            return (now.Restarts > before.Restarts && now.Pid != before.Pid && now.Healthy, $"restarts {now.Restarts}, pid {now.Pid}, {now.HealthDetail}");
        });
    }

    [Test]
    public async Task Pausing_a_component_freezes_only_that_process()
    {
        // The node's other components retry hard while etcd is frozen; give the supervisor time to answer.
        using var client = new SupervisorClient(_paths, TimeSpan.FromSeconds(10));
        using var probe = EtcdProbe.ForLab(_paths);

        await client.ActAsync(Cp1, "etcd", ComponentActions.Pause);
        try
        {
            Assert.That((await probe.StatusAsync(Cp1)).Healthy, Is.False, "a SIGSTOPped etcd still answered");
            Assert.That(await client.ComponentsAsync(Cp1), Is.Not.Empty, "the supervisor itself must keep answering");
        }
        finally
        {
            await client.ActAsync(Cp1, "etcd", ComponentActions.Resume);
        }
        await WaitForEtcdAsync();
    }

    [Test]
    public async Task Component_logs_are_served_by_the_node()
    {
        var log = await _lab.Controller(_engine).LogsAsync(_lab.Name, "cp-1", "etcd", 50);
        Assert.That(log, Does.Contain("etcd"));
        Assert.That(async () => await _lab.Controller(_engine).LogsAsync(_lab.Name, "cp-9", null, 5), Throws.InstanceOf<LabException>().With.Message.Contains("no node 'cp-9'"));
    }

    private async Task WaitForEtcdAsync()
    {
        using var probe = EtcdProbe.ForLab(_paths);
        await Waiter.UntilAsync("etcd on cp-1 healthy and leader", TimeSpan.FromSeconds(30), async ct =>
        {
            var s = await probe.StatusAsync(Cp1, ct);
            return (s.Healthy && s.IsLeader, s.Error ?? $"healthy={s.Healthy} leader={s.IsLeader}");
        });
    }

    /// <summary>
    /// The node's supervisor answers and says every component is healthy: a started node serves etcd before its
    /// supervisor's port is open, so etcd alone does not tell the next test the node is whole again.
    /// </summary>
    private async Task WaitForSupervisorAsync(LabNode node)
    {
        using var client = new SupervisorClient(_paths, TimeSpan.FromSeconds(1));
        await Waiter.UntilAsync($"{node.Name} supervisor answering with every component healthy", TimeSpan.FromSeconds(60), async ct =>
        {
            try
            {
                var components = await client.ComponentsAsync(node, ct);
                var unhealthy = components.Where(c => !c.Healthy).Select(c => c.Name).ToList();
                return (unhealthy.Count == 0, unhealthy.Count == 0 ? "all healthy" : "unhealthy: " + string.Join(", ", unhealthy));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return (false, ex.Message);
            }
        });
    }

    private async Task PutMarkerAsync(string key)
    {
        var result = await _engine.ExecAsync(Container("cp-1"), EtcdCtl(["put", "/chaoslab-test/" + key, "1"]));
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
    }

    private async Task<bool> GetMarkerAsync(string key)
    {
        var result = await _engine.ExecAsync(Container("cp-1"), EtcdCtl(["get", "--print-value-only", "/chaoslab-test/" + key]));
        return result.ExitCode == 0 && result.Stdout.Trim() == "1";
    }

    /// <summary>etcdctl inside the node, with the member's own certificate (etcd-server carries clientAuth).</summary>
    private static string[] EtcdCtl(string[] args) =>
    [
        "env", "ETCDCTL_API=3", "etcdctl", "--endpoints=https://127.0.0.1:2379",
        "--cacert=/etc/chaoslab/pki/etcd-ca.crt", "--cert=/etc/chaoslab/pki/etcd-server.crt", "--key=/etc/chaoslab/pki/etcd-server.key",
        .. args,
    ];
}

internal static class LabStateTestExtensions
{
    public static LabController Controller(this LabState _, IContainerEngine engine) => new(engine, TestLabs.Progress);
}
