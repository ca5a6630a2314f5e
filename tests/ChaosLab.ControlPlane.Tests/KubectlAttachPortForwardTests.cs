using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// The real kubectl's attach and port-forward against the HA lab. Attach goes API server → kubelet → CRI Attach over
/// WebSocket v5.channel.k8s.io; port-forward is SPDY/3.1 (portforward.k8s.io) tunnelled in a WebSocket by kubectl,
/// joined by the API server to the kubelet's upgrade, which the kubelet joins to containerd's streaming server.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class KubectlAttachPortForwardTests
{
    private const string Ns = "attach-pf";
    private const int LocalPort = 18080;
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartPods()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.OkAsync("run", "echo", "--image=chaoslab/echo", "-n", Ns);
        await _kubectl.OkAsync("run", "ticker", "--image=chaoslab/shell", "-n", Ns, "--command", "--",
            "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done");
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "cat" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "cat", Image = "chaoslab/shell", Command = ["cat"], Stdin = true }] },
        }, Ns);
        foreach (var pod in new[] { "echo", "ticker", "cat" })
        {
            await Eventually.UntilAsync($"pod {pod} running", TimeSpan.FromSeconds(90), async () =>
            {
                var status = (await _client.CoreV1.ReadNamespacedPodAsync(pod, Ns)).Status;
                return (status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null, status?.Phase ?? "no status");
            });
        }
    }

    [OneTimeTearDown]
    public async Task Dispose()
    {
        if (_client is not null)
        {
            try
            {
                await _client.CoreV1.DeleteNamespaceAsync(Ns);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
            }
            _client.Dispose();
        }
        _kubectl?.Dispose();
    }

    [Test]
    public async Task Port_forward_carries_an_http_request_from_the_host_to_the_pod()
    {
        await using var forward = await BackgroundKubectl.StartAsync(_kubectl,
            ["port-forward", "pod/echo", $"{LocalPort}:8080", "-n", Ns], until: $"Forwarding from 127.0.0.1:{LocalPort}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        for (var i = 0; i < 2; i++)
        {
            // Two requests, two forwarded connections over the one tunnel.
            var reply = await http.GetFromJsonAsync<JsonObject>($"http://127.0.0.1:{LocalPort}/through-the-tunnel-{i}");
            Assert.That(((string?)reply?["pod"], (string?)reply?["path"]), Is.EqualTo(("echo", $"/through-the-tunnel-{i}")), reply?.ToJsonString());
        }
        Assert.That(forward.Output, Does.Contain("Handling connection for 18080"));
    }

    [Test]
    public async Task Attach_streams_what_the_container_prints()
    {
        await using var attach = await BackgroundKubectl.StartAsync(_kubectl, ["attach", "ticker", "-c", "ticker", "-n", Ns], until: "tick ");
        var first = attach.Output;
        await Eventually.UntilAsync("a second tick after attaching", TimeSpan.FromSeconds(10),
            () => Task.FromResult((attach.Output.Split("tick ").Length > first.Split("tick ").Length, attach.Output)));
        Assert.That(attach.Exited, Is.False, "kubectl attach ended while the container runs");
    }

    [Test]
    public async Task Attach_with_stdin_reaches_the_containers_process()
    {
        await using var attach = await BackgroundKubectl.StartAsync(_kubectl, ["attach", "-i", "cat", "-c", "cat", "-n", Ns],
            until: "attached through kubectl", stdin: "attached through kubectl\n");
        Assert.That(attach.Output, Does.Contain("attached through kubectl"));
    }

    [Test]
    public async Task Run_interactive_attaches_and_removes_the_pod()
    {
        // kubectl run -i sets stdin and stdinOnce: the end of kubectl's stdin ends cat, and with it the pod.
        var result = await _kubectl.RunAsync(["run", "once", "-i", "--rm", "--restart=Never", "--image=chaoslab/shell", "-n", Ns, "--", "cat"],
            "typed into kubectl run\n");

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("typed into kubectl run"));
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("pod \"once\" deleted"));
    }

    [Test]
    public async Task The_API_server_refuses_attach_to_an_unknown_container_and_a_plain_GET_of_portforward()
    {
        // kubectl attach checks the container name itself; the API server answers any client with upstream's 400s.
        var attach = await _kubectl.RunAsync("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/ticker/attach?container=nope&stdout=true");
        Assert.That(attach.StandardError, Does.Contain("Error from server (BadRequest): container nope is not valid for pod ticker"));
        var forward = await _kubectl.RunAsync("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/echo/portforward");
        Assert.That(forward.StandardError, Does.Contain("Error from server (BadRequest): Upgrade request required"));
    }
}
