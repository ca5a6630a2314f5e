using System.Net;
using ChaosLab.Chaos.Agent;
using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Etcd;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using k8s;

namespace ChaosLab.Chaos.Tests.Agent;

/// <summary>Capability matching, and the agent provider's choice of fault versions, without a cluster.</summary>
[Category("Unit")]
public sealed class AgentProviderTests
{
    private static TargetSelector T(string text) => TargetSelector.Parse(text);

    [Test]
    public void Each_fault_names_the_capabilities_it_needs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FaultCapabilities.Required(new NodeFault(NodeAction.Kill, T("worker-1"))), Is.EqualTo(FaultCapability.NodeLifecycle));
            Assert.That(FaultCapabilities.Required(new ComponentFault(ComponentAction.Kill, T("worker-1"), "kubelet")), Is.EqualTo(FaultCapability.ComponentKill));
            Assert.That(FaultCapabilities.Required(new ComponentFault(ComponentAction.Stop, T("worker-1"), "kubelet")), Is.EqualTo(FaultCapability.ComponentStop));
            Assert.That(FaultCapabilities.Required(new ComponentFault(ComponentAction.Pause, T("etcd:leader"), "etcd")), Is.EqualTo(FaultCapability.ComponentPause | FaultCapability.Etcd));
            Assert.That(FaultCapabilities.Required(new PartitionFault(T("worker-1"), null)), Is.EqualTo(FaultCapability.Network));
            Assert.That(FaultCapabilities.Required(new PartitionFault(T("etcd:leader"), T("etcd:all"))), Is.EqualTo(FaultCapability.Network | FaultCapability.Etcd));
            Assert.That(FaultCapabilities.Required(new PacketLossFault(T("worker-1"), 20)), Is.EqualTo(FaultCapability.Network));
            Assert.That(FaultCapabilities.Required(new BandwidthFault(T("worker-1"), "1mbit")), Is.EqualTo(FaultCapability.Bandwidth));
            Assert.That(FaultCapabilities.Required(new LatencyFault(T("worker-1"), TimeSpan.FromMilliseconds(100), TimeSpan.Zero)), Is.EqualTo(FaultCapability.Latency));
            Assert.That(FaultCapabilities.Required(new EtcdQuorumLossFault()), Is.EqualTo(FaultCapability.Etcd));
        });
    }

    [Test]
    public void The_agent_offers_network_and_process_signals_but_not_node_lifecycle_component_stop_or_etcd()
    {
        Assert.That(FaultCapabilities.Missing(FaultCapabilities.Agent, FaultCapability.Network | FaultCapability.ComponentKill), Is.EqualTo(FaultCapability.None));
        Assert.That(FaultCapabilities.Missing(FaultCapabilities.Agent, FaultCapability.NodeLifecycle | FaultCapability.Network), Is.EqualTo(FaultCapability.NodeLifecycle));
        Assert.That(FaultCapabilities.Describe(FaultCapabilities.Missing(FaultCapabilities.Agent, FaultCapabilities.DockerLab)), Is.EqualTo("node-lifecycle, component-stop, etcd"));
        Assert.That(FaultCapabilities.Missing(FaultCapabilities.DockerLab, FaultCapabilities.Agent), Is.EqualTo(FaultCapability.None));
    }

    [Test]
    public void The_agent_environment_runs_the_agent_version_of_what_it_can_and_refuses_the_rest_with_the_reason()
    {
        using var env = AgentEnvironment(problem: null);

        Assert.Multiple(() =>
        {
            Assert.That(env.Adapt(new PartitionFault(T("worker-1"), T("role:control-plane"))), Is.InstanceOf<AgentPartitionFault>());
            Assert.That(env.Adapt(new PacketLossFault(T("worker-1"), 20)), Is.InstanceOf<AgentLossFault>());
            Assert.That(env.Adapt(new BandwidthFault(T("worker-1"), "1mbit")), Is.InstanceOf<AgentBandwidthFault>());
            Assert.That(env.Adapt(new LatencyFault(T("worker-1"), TimeSpan.FromMilliseconds(50), TimeSpan.Zero)), Is.InstanceOf<AgentLatencyFault>());
            Assert.That(env.Adapt(new ComponentFault(ComponentAction.Kill, T("worker-1"), "kubelet")), Is.InstanceOf<AgentComponentFault>());
            Assert.That(() => env.Adapt(new NodeFault(NodeAction.Stop, T("worker-1"))),
                Throws.InstanceOf<TargetNotSupportedException>().With.Message.Contains("lacks node-lifecycle"));
            Assert.That(() => env.Adapt(new ComponentFault(ComponentAction.Stop, T("worker-1"), "kubelet")),
                Throws.InstanceOf<TargetNotSupportedException>().With.Message.Contains("lacks component-stop"));
            Assert.That(() => env.Adapt(new ComponentFault(ComponentAction.Kill, T("lb"), "haproxy")),
                Throws.InstanceOf<TargetNotSupportedException>().With.Message.Contains("does not know how to find haproxy"));
            Assert.That(() => env.Adapt(new EtcdQuorumLossFault()), Throws.InstanceOf<TargetNotSupportedException>().With.Message.Contains("etcd"));
        });
    }

    [Test]
    public void Where_the_agent_cannot_be_scheduled_every_fault_is_refused_with_that_reason()
    {
        using var env = AgentEnvironment(problem: "the fault agent cannot be scheduled on cluster X: forbidden");

        Assert.That(env.UsesAgent && env.Agent is null, Is.True);
        Assert.That(() => env.Adapt(new PacketLossFault(T("worker-1"), 20)),
            Throws.InstanceOf<TargetNotSupportedException>().With.Message.EqualTo("the fault agent cannot be scheduled on cluster X: forbidden"));
    }

    [Test]
    public void Docker_environments_run_faults_as_they_are()
    {
        using var env = ChaosEnvironment.ForContainersAsync(new FakeContainerEngine("a", "b"), ["a", "b"]).GetAwaiter().GetResult();
        var fault = new NodeFault(NodeAction.Kill, T("a"));

        Assert.That(env.Adapt(fault), Is.SameAs(fault));
        Assert.That(env.Capabilities, Is.EqualTo(FaultCapabilities.DockerContainers));
    }

    [Test]
    public void The_agent_daemon_set_is_privileged_in_the_host_namespaces_and_tolerates_every_taint()
    {
        var ds = AgentDeployment.DaemonSet("chaoslab/agent:abc");
        var pod = ds.Spec.Template.Spec;

        Assert.That((pod.HostNetwork, pod.HostPID), Is.EqualTo((true, true)));
        Assert.That(pod.Containers[0].SecurityContext.Privileged, Is.True);
        Assert.That(pod.Tolerations.Single().OperatorProperty, Is.EqualTo("Exists"));
        Assert.That(pod.Containers[0].Ports, Is.Null.Or.Empty, "the agent listens on no port");
        Assert.That(pod.Containers[0].Command, Is.EqualTo(new[] { "chaoslab-node", "agent" }));
    }

    [Test]
    public void Agent_ps_output_is_read_as_processes()
    {
        var processes = AgentProcess.ParseAll("10 S 500 /usr/bin/kubelet --v=2\n11 T 700 dotnet chaoslab-node.dll kubelet\nnot a process\n");

        Assert.That(processes, Is.EqualTo(new[] { new AgentProcess(10, 'S', 500), new AgentProcess(11, 'T', 700) }));
        Assert.That(processes[0].Is(new AgentProcess(10, 'T', 500)), Is.True);
        Assert.That(processes[0].Is(new AgentProcess(10, 'S', 501)), Is.False, "a reused PID is another process");
    }

    private static ChaosEnvironment AgentEnvironment(string? problem)
    {
        var api = new Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:9" });
        var nodes = new List<ChaosNode>
        {
            new("cp-1", "cp-1", "control-plane", IPAddress.Parse("172.30.9.2")),
            new("worker-1", "worker-1", "worker", IPAddress.Parse("172.30.9.3")),
        };
        var agent = problem is null
            ? new AgentClient(api, AgentDeployment.Namespace, new Dictionary<string, AgentPod> { ["worker-1"] = new("worker-1", "chaoslab-agent-x", ["10.244.1.0/24"]) })
            : null;
        return ChaosEnvironment.ForAgent(new FakeContainerEngine("cp-1", "worker-1"), nodes, api, agent, problem, "agent-test");
    }
}
