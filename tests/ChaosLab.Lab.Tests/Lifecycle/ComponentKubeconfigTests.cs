using System.Net;
using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Tests.Lifecycle;

[Category("Unit")]
public sealed class ComponentKubeconfigTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("chaoslab-kubeconfig-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Controller_manager_and_scheduler_use_their_own_api_server_and_node_agents_the_lb()
    {
        var cp2 = new LabNode("cp-2", NodeRole.ControlPlane, IPAddress.Parse("172.30.0.11"));

        ComponentKubeconfig.WriteForNode(_dir, cp2, "172.30.0.13");

        Assert.That(Server(ComponentNames.ControllerManager), Is.EqualTo("https://172.30.0.11:6443"));
        Assert.That(Server(ComponentNames.Scheduler), Is.EqualTo("https://172.30.0.11:6443"));
        Assert.That(Server(ComponentNames.Kubelet), Is.EqualTo("https://172.30.0.13:6443"));
        Assert.That(Server(ComponentNames.KubeProxy), Is.EqualTo("https://172.30.0.13:6443"));
    }

    [Test]
    public void A_worker_gets_only_node_agent_kubeconfigs()
    {
        var worker = new LabNode("worker-1", NodeRole.Worker, IPAddress.Parse("172.30.0.14"));

        ComponentKubeconfig.WriteForNode(_dir, worker, "172.30.0.13");

        Assert.That(Directory.GetFiles(_dir).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { $"kubeconfig-{ComponentNames.Kubelet}", $"kubeconfig-{ComponentNames.KubeProxy}" }.Order()));
        Assert.That(Server(ComponentNames.Kubelet), Is.EqualTo("https://172.30.0.13:6443"));
    }

    private string Server(string component) =>
        File.ReadAllLines(Path.Combine(_dir, $"kubeconfig-{component}"))
            .Select(l => l.Trim())
            .Single(l => l.StartsWith("server: ", StringComparison.Ordinal))["server: ".Length..];
}
