using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Server;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class PodContainerLookupTests
{
    private FakeRuntime _runtime = null!;
    private Dictionary<string, V1Pod> _pods = null!;
    private string _logs = "";

    [SetUp]
    public void Reset()
    {
        _runtime = new FakeRuntime();
        _pods = [];
        _logs = Directory.CreateTempSubdirectory("pod-logs-").FullName;
    }

    [TearDown]
    public void RemoveLogs() => Directory.Delete(_logs, recursive: true);

    private PodContainerLookup Lookup => new((ns, name) => _pods.GetValueOrDefault($"{ns}/{name}"), _runtime, new WorkloadLauncher("/usr/share/dotnet/dotnet", "/opt/node.dll"));

    [Test]
    public void An_unknown_pod_or_container_is_a_404_in_the_kubelets_words()
    {
        AddPod("web", "uid-1", "echo");

        var pod = Assert.Throws<KubeletRequestException>(() => Lookup.LogSource("default", "nope", "echo", false))!;
        var container = Assert.Throws<KubeletRequestException>(() => Lookup.LogSource("default", "web", "sidecar", false))!;

        Assert.That((pod.StatusCode, pod.Message), Is.EqualTo((404, "pod \"nope\" does not exist")));
        Assert.That((container.StatusCode, container.Message), Is.EqualTo((404, "container \"sidecar\" not found in pod \"web\"")));
    }

    [Test]
    public void A_container_that_never_started_is_waiting_with_its_reason()
    {
        var pod = AddPod("web", "uid-1", "echo");
        pod.Status = new V1PodStatus { ContainerStatuses = [new V1ContainerStatus { Name = "echo", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull" } } }] };

        var error = Assert.Throws<KubeletRequestException>(() => Lookup.LogSource("default", "web", "echo", false))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "container \"echo\" in pod \"web\" is waiting to start: image can't be pulled")));
    }

    [Test]
    public void Logs_come_from_the_latest_instance_and_previous_from_the_one_before()
    {
        AddPod("web", "uid-1", "echo");
        var sandbox = _runtime.AddSandbox("uid-1");
        File.WriteAllText(Path.Combine(_logs, "0.log"), "first run\n");
        File.WriteAllText(Path.Combine(_logs, "1.log"), "second run\n");
        _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "1.log"), attempt: 1, ContainerRunState.Running);

        var (current, running) = Lookup.LogSource("default", "web", "echo", previous: false);
        var (previous, previousRunning) = Lookup.LogSource("default", "web", "echo", previous: true);

        Assert.That((Path.GetFileName(current), running()), Is.EqualTo(("1.log", true)));
        Assert.That((Path.GetFileName(previous), previousRunning()), Is.EqualTo(("0.log", false)));
    }

    [Test]
    public void A_first_instance_has_no_previous()
    {
        AddPod("web", "uid-1", "echo");
        _runtime.AddContainer(_runtime.AddSandbox("uid-1"), "echo", Path.Combine(_logs, "0.log"), attempt: 0, ContainerRunState.Running);

        var error = Assert.Throws<KubeletRequestException>(() => Lookup.LogSource("default", "web", "echo", previous: true))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "previous terminated container \"echo\" in pod \"web\" not found")));
    }

    [Test]
    public void Exec_needs_a_running_container_and_runs_in_its_sandbox_with_its_environment()
    {
        AddPod("web", "uid-1", "echo");
        var sandbox = _runtime.AddSandbox("uid-1");
        var exited = _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "0.log"), attempt: 0, ContainerRunState.Exited);

        var error = Assert.Throws<KubeletRequestException>(() => Lookup.ExecTarget("default", "web", "echo"))!;
        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "container \"echo\" in pod \"web\" is not running")));

        _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "1.log"), attempt: 1, ContainerRunState.Running, created: exited.CreatedAt.AddSeconds(1));
        var target = Lookup.ExecTarget("default", "web", "echo");
        Assert.That(target.Netns, Is.EqualTo("ns-uid-1"));
        Assert.That((target.Environment["POD_NAME"], target.Environment["PATH"]), Is.EqualTo(("web", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
        Assert.That(target.Environment.ContainsKey("CHAOSLAB_CONTAINER_LOG"), Is.False);
    }

    private V1Pod AddPod(string name, string uid, string container)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = uid },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = container, Image = "chaoslab/echo" }] },
        };
        _pods[$"default/{name}"] = pod;
        return pod;
    }

    /// <summary>A runtime that only remembers what the test put in it.</summary>
    private sealed class FakeRuntime : IRuntimeService
    {
        private readonly List<SandboxStatus> _sandboxes = [];
        private readonly List<ContainerStatus> _containers = [];

        public SandboxStatus AddSandbox(string uid)
        {
            var sandbox = new SandboxStatus("sb-" + uid, new SandboxConfig(uid, "web", "default", new Dictionary<string, string>()), "ns-" + uid, "10.244.1.2", DateTimeOffset.UtcNow, Ready: true);
            _sandboxes.Add(sandbox);
            return sandbox;
        }

        public ContainerStatus AddContainer(SandboxStatus sandbox, string name, string logPath, int attempt, ContainerRunState state, DateTimeOffset? created = null)
        {
            var config = new ContainerConfig(name, "chaoslab/echo", [], [], new Dictionary<string, string> { ["POD_NAME"] = "web" }, logPath, attempt);
            var container = new ContainerStatus($"c{_containers.Count}", sandbox.Id, config, state, Pid: null, created ?? DateTimeOffset.UtcNow, null, null, null, null);
            _containers.Add(container);
            return container;
        }

        public IReadOnlyList<ContainerStatus> ListContainers(string? sandboxId = null) => _containers.Where(c => sandboxId is null || c.SandboxId == sandboxId).ToList();

        public IReadOnlyList<SandboxStatus> ListPodSandboxes() => _sandboxes;

        public ContainerStatus? ContainerStatus(string containerId) => _containers.FirstOrDefault(c => c.Id == containerId);

        public SandboxStatus? PodSandboxStatus(string sandboxId) => _sandboxes.FirstOrDefault(s => s.Id == sandboxId);

        public Task<SandboxStatus> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct) => throw new NotSupportedException();

        public Task StopPodSandboxAsync(string sandboxId, CancellationToken ct) => throw new NotSupportedException();

        public Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct) => throw new NotSupportedException();

        public Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, CancellationToken ct) => throw new NotSupportedException();

        public Task StartContainerAsync(string containerId, CancellationToken ct) => throw new NotSupportedException();

        public Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken ct) => throw new NotSupportedException();

        public Task RemoveContainerAsync(string containerId, CancellationToken ct) => throw new NotSupportedException();
    }
}
