using ChaosLab.Node.Agent;

namespace ChaosLab.Node.Tests.Agent;

[Category("Unit")]
public sealed class ComponentProcessFinderTests
{
    private string _proc = "";

    [SetUp]
    public void CreateProc() => _proc = Directory.CreateTempSubdirectory("fake-proc-").FullName;

    [TearDown]
    public void RemoveProc() => Directory.Delete(_proc, recursive: true);

    private void Process(int pid, char state, long start, params string[] args)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(dir, "cmdline"), args.Length == 0 ? "" : string.Join('\0', args) + "\0");
        // Field 22 is the start time; comm holds a space and a parenthesis, as real ones may.
        var fields = string.Join(' ', Enumerable.Range(4, 18).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(dir, "stat"), $"{pid} (odd name) x) {state} {fields} {start} 0 0\n");
    }

    [Test]
    public void Components_are_found_as_their_own_executables_or_as_subcommands_of_a_multi_call_binary()
    {
        Process(10, 'S', 500, "/usr/share/dotnet/dotnet", "/opt/chaoslab/bin/chaoslab-node.dll", "kubelet", "--node-name", "worker-1");
        Process(11, 'S', 400, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml");
        Process(12, 'S', 300, "/usr/bin/containerd");
        Process(13, 'S', 301, "/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io");
        Process(14, 'T', 302, "/opt/chaoslab/bin/chaoslab-node", "kube-proxy", "--v=2");
        Process(15, 'S', 303, "/usr/share/dotnet/dotnet", "/opt/chaoslab/bin/chaoslab-node.dll", "supervise", "--config", "kubelet.json");
        Process(16, 'S', 304, "hyperkube", "apiserver");
        Process(17, 'S', 305);

        Assert.Multiple(() =>
        {
            Assert.That(ComponentProcessFinder.Find(_proc, "kubelet").Select(p => p.Pid), Is.EqualTo(new[] { 11, 10 }), "oldest first");
            Assert.That(ComponentProcessFinder.Find(_proc, "containerd").Select(p => p.Pid), Is.EqualTo(new[] { 12 }), "not its shims");
            Assert.That(ComponentProcessFinder.Find(_proc, "kube-proxy").Single().State, Is.EqualTo('T'));
            Assert.That(ComponentProcessFinder.Find(_proc, "kube-apiserver").Single().Pid, Is.EqualTo(16));
            Assert.That(ComponentProcessFinder.Find(_proc, "etcd"), Is.Empty);
        });
    }

    [Test]
    public void A_process_line_carries_pid_state_start_and_command()
    {
        var entry = ComponentProcessFinder.Read(42, "/usr/bin/etcd\0--name\0cp-1\0", "42 (etcd) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 777 0");

        Assert.That(entry, Is.Not.Null);
        Assert.That(entry!.Line(), Is.EqualTo("42 R 777 /usr/bin/etcd --name cp-1"));
        Assert.That(ComponentProcessFinder.Read(2, "", "2 (kthreadd) S 0"), Is.Null, "kernel threads have no command line");
    }

    [Test]
    public void Matching_needs_the_component_right_after_the_multi_call_binary()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ComponentProcessFinder.Matches("kube-scheduler", ["chaoslab-node", "scheduler"]), Is.True);
            Assert.That(ComponentProcessFinder.Matches("kube-controller-manager", ["dotnet", "chaoslab-node.dll", "controller-manager"]), Is.True);
            Assert.That(ComponentProcessFinder.Matches("kubelet", ["dotnet", "chaoslab-node.dll", "agent-do", "signal", "--component", "kubelet"]), Is.False);
            Assert.That(ComponentProcessFinder.Matches("kubelet", ["/bin/sh", "-c", "kubelet"]), Is.False);
            Assert.That(ComponentProcessFinder.Matches("sshd", ["sshd"]), Is.False);
        });
    }
}
