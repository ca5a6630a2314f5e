using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Server;
using ChaosLab.Kubelet.Tests.Support;
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

    private PodContainerLookup Lookup => new((ns, name) => _pods.GetValueOrDefault($"{ns}/{name}"), _runtime);

    [Test]
    public async Task An_unknown_pod_or_container_is_a_404_in_the_kubelets_words()
    {
        AddPod("web", "uid-1", "echo");

        var pod = Assert.ThrowsAsync<KubeletRequestException>(() => Lookup.LogSourceAsync("default", "nope", "echo", false, default))!;
        var container = Assert.ThrowsAsync<KubeletRequestException>(() => Lookup.LogSourceAsync("default", "web", "sidecar", false, default))!;

        Assert.That((pod.StatusCode, pod.Message), Is.EqualTo((404, "pod \"nope\" does not exist")));
        Assert.That((container.StatusCode, container.Message), Is.EqualTo((404, "container \"sidecar\" not found in pod \"web\"")));
    }

    [Test]
    public async Task A_container_that_never_started_is_waiting_with_its_reason()
    {
        var pod = AddPod("web", "uid-1", "echo");
        pod.Status = new V1PodStatus { ContainerStatuses = [new V1ContainerStatus { Name = "echo", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull" } } }] };

        var error = Assert.ThrowsAsync<KubeletRequestException>(() => Lookup.LogSourceAsync("default", "web", "echo", false, default))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "container \"echo\" in pod \"web\" is waiting to start: image can't be pulled")));
    }

    [Test]
    public async Task Logs_come_from_the_latest_instance_and_previous_from_the_one_before()
    {
        AddPod("web", "uid-1", "echo");
        var sandbox = _runtime.AddSandbox("uid-1");
        File.WriteAllText(Path.Combine(_logs, "0.log"), "first run\n");
        File.WriteAllText(Path.Combine(_logs, "1.log"), "second run\n");
        _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "0.log"), attempt: 0, ContainerRunState.Exited);
        _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "1.log"), attempt: 1, ContainerRunState.Running);

        var (current, currentId) = await Lookup.LogSourceAsync("default", "web", "echo", previous: false, default);
        var (previous, previousId) = await Lookup.LogSourceAsync("default", "web", "echo", previous: true, default);

        Assert.That((Path.GetFileName(current), currentId), Is.EqualTo(("1.log", "c2")));
        Assert.That((Path.GetFileName(previous), previousId), Is.EqualTo(("0.log", "c1")));
    }

    [Test]
    public async Task A_first_instance_has_no_previous()
    {
        AddPod("web", "uid-1", "echo");
        _runtime.AddContainer(_runtime.AddSandbox("uid-1"), "echo", Path.Combine(_logs, "0.log"), attempt: 0, ContainerRunState.Running);

        var error = Assert.ThrowsAsync<KubeletRequestException>(() => Lookup.LogSourceAsync("default", "web", "echo", previous: true, default))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "previous terminated container \"echo\" in pod \"web\" not found")));
    }

    [Test]
    public async Task Exec_needs_the_latest_instance_running()
    {
        AddPod("web", "uid-1", "echo");
        var sandbox = _runtime.AddSandbox("uid-1");
        var exited = _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "0.log"), attempt: 0, ContainerRunState.Exited);

        var error = Assert.ThrowsAsync<KubeletRequestException>(() => Lookup.RunningContainerAsync("default", "web", "echo", default))!;
        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "container \"echo\" in pod \"web\" is not running")));

        var running = _runtime.AddContainer(sandbox, "echo", Path.Combine(_logs, "1.log"), attempt: 1, ContainerRunState.Running, created: exited.CreatedAt.AddSeconds(1));
        Assert.That(await Lookup.RunningContainerAsync("default", "web", "echo", default), Is.EqualTo(running.Id));
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
}
