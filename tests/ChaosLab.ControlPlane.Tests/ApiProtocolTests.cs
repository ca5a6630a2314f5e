using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Protocol details clients notice (issue 13): server-side dry-run answers with the changed object (kubectl diff),
/// Status bodies as Go's encoder writes them, JSON patch and empty lists as upstream's, and exec and port-forward
/// WebSockets from the official C# client, which names no subprotocol.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ApiProtocolTests
{
    private const string Ns = "api-protocol";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartPods()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.OkAsync("run", "echo", "--image=chaoslab/echo", "-n", Ns);
        await Eventually.UntilAsync("pod echo running", TimeSpan.FromSeconds(90), async () =>
        {
            var status = (await _client.CoreV1.ReadNamespacedPodAsync("echo", Ns)).Status;
            return (status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null, status?.Phase ?? "no status");
        });
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
    public async Task NodePort_services_get_a_port_each_port_is_held_once_and_ExternalName_gets_no_cluster_IP()
    {
        await _kubectl.OkAsync("create", "service", "nodeport", "np-a", "--tcp=80:8080", "-n", Ns);
        var held = (await _client.CoreV1.ReadNamespacedServiceAsync("np-a", Ns)).Spec.Ports[0].NodePort;
        Assert.That(held, Is.InRange(30000, 32767), "an allocated node port");

        var taken = await _kubectl.RunAsync("create", "service", "nodeport", "np-b", "--tcp=80:8080", $"--node-port={held}", "-n", Ns);
        Assert.That((taken.ExitCode, taken.StandardError), Is.Not.EqualTo((0, "")));
        Assert.That(taken.StandardError, Does.Contain($"spec.ports[0].nodePort: Invalid value: {held}: provided port is already allocated"));

        // A type change gives the port back: another Service can now name it.
        await _kubectl.OkAsync("patch", "service", "np-a", "-n", Ns, "-p", """{"spec":{"type":"ClusterIP"}}""");
        Assert.That((await _client.CoreV1.ReadNamespacedServiceAsync("np-a", Ns)).Spec.Ports[0].NodePort, Is.Null);
        await _kubectl.OkAsync("create", "service", "nodeport", "np-b", "--tcp=80:8080", $"--node-port={held}", "-n", Ns);

        await _kubectl.OkAsync("create", "service", "externalname", "alias", "--external-name=db.example.com", "-n", Ns);
        var alias = (await _client.CoreV1.ReadNamespacedServiceAsync("alias", Ns)).Spec;
        Assert.That((alias.ClusterIP, alias.ClusterIPs), Is.EqualTo(((string?)null, (IList<string>?)null)));
    }

    [Test]
    public async Task Kubectl_diff_shows_the_change_and_the_stored_object_stays_as_it_was()
    {
        await _kubectl.ApplyAsync(ConfigMap("diffed", "before"), Ns);
        var file = Path.Combine(_kubectl.CacheDir, "diffed.yaml");
        await File.WriteAllTextAsync(file, ConfigMap("diffed", "after"));

        // kubectl diff exits 1 when there are differences.
        var diff = await _kubectl.RunAsync("diff", "-n", Ns, "-f", file);

        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.StandardError);
        Assert.That(diff.StandardOutput, Does.Contain("-  value: before").And.Contain("+  value: after"));
        var stored = await _client.CoreV1.ReadNamespacedConfigMapAsync("diffed", Ns);
        Assert.That(stored.Data["value"], Is.EqualTo("before"));
    }

    [Test]
    public async Task A_dry_run_patch_answers_with_the_patched_object_without_storing_it()
    {
        await _kubectl.ApplyAsync(ConfigMap("dry", "stored"), Ns);

        var answer = await _kubectl.OkAsync("patch", "configmap", "dry", "-n", Ns, "--dry-run=server", "-o", "jsonpath={.data.value}",
            "--type=merge", "-p", """{"data":{"value":"patched"}}""");

        Assert.That(answer, Is.EqualTo("patched"));
        Assert.That((await _client.CoreV1.ReadNamespacedConfigMapAsync("dry", Ns)).Data["value"], Is.EqualTo("stored"));
    }

    [Test]
    public async Task A_status_body_is_escaped_as_gos_encoder_writes_it_and_ends_with_a_newline()
    {
        using var response = await _client.HttpClient.GetAsync(new Uri(_client.BaseUri, $"api/v1/namespaces/{Ns}/configmaps/nope"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(body, Does.Contain("""configmaps \"nope\" not found""").And.EndWith("}\n"), body);
    }

    [Test]
    public async Task Removing_a_nodes_last_taint_with_a_json_patch_leaves_no_taints_field()
    {
        var node = (await _client.CoreV1.ListNodeAsync()).Items.First(n => n.Spec?.Taints is null or { Count: 0 }).Metadata.Name;
        var taint = """{"key":"example.com/api-protocol","value":"x","effect":"PreferNoSchedule"}""";
        await _kubectl.OkAsync("patch", "node", node, "--type=json", "-p", $$"""[{"op":"add","path":"/spec/taints","value":[{{taint}}]}]""");

        await _kubectl.OkAsync("patch", "node", node, "--type=json", "-p", """[{"op":"remove","path":"/spec/taints/0"}]""");

        var spec = JsonNode.Parse(await _kubectl.OkAsync("get", "node", node, "-o", "jsonpath={.spec}"))!.AsObject();
        Assert.That(spec.ContainsKey("taints"), Is.False, spec.ToJsonString());
    }

    [Test]
    public async Task Exec_without_a_subprotocol_is_served_channel_k8s_io_with_the_exit_as_text()
    {
        IKubernetes client = _client;
        using var socket = await client.WebSocketNamespacedPodExecAsync("echo", Ns, ["sh", "-c", "echo from-exec; exit 3"],
            "echo", stderr: true, stdin: false, stdout: true, tty: false);

        var channels = await ReadUntilCloseAsync(socket);

        Assert.That(socket.SubProtocol, Is.Null.Or.Empty);
        Assert.That(channels.GetValueOrDefault(1), Is.EqualTo("from-exec\n"));
        Assert.That(channels.GetValueOrDefault(3), Is.EqualTo("command terminated with non-zero exit code: error executing command [sh -c echo from-exec; exit 3], exit code 3"));
    }

    [Test]
    public async Task Port_forward_without_a_subprotocol_carries_an_http_request_to_the_pod()
    {
        IKubernetes client = _client;
        using var socket = await client.WebSocketNamespacedPodPortForwardAsync("echo", Ns, [8080]);
        var request = Encoding.ASCII.GetBytes("GET /through-the-websocket HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n");
        await socket.SendAsync((byte[])[0, .. request], WebSocketMessageType.Binary, true, CancellationToken.None);

        var channels = await ReadUntilCloseAsync(socket, until: (c, text) => c == 0 && text.Contains("through-the-websocket", StringComparison.Ordinal));

        // The data channel opens with the port, two bytes little endian, then carries the pod's answer.
        var data = channels.GetValueOrDefault(0) ?? "";
        Assert.That(data[..2], Is.EqualTo("\u0090\u001f"));
        Assert.That(data, Does.Contain("HTTP/1.1 200").And.Contain("echo"));
    }

    private static string ConfigMap(string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          value: {value}
        """;

    /// <summary>What arrived on each channel (as Latin-1 text, byte for byte) until the server closed, or <paramref name="until"/> held.</summary>
    private static async Task<Dictionary<int, string>> ReadUntilCloseAsync(WebSocket socket, Func<int, string, bool>? until = null)
    {
        var channels = new Dictionary<int, string>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return channels;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage || message.Length == 0)
            {
                continue;
            }
            var bytes = message.ToArray();
            message.SetLength(0);
            var channel = bytes[0];
            channels[channel] = channels.GetValueOrDefault(channel, "") + Encoding.Latin1.GetString(bytes, 1, bytes.Length - 1);
            if (until?.Invoke(channel, channels[channel]) == true)
            {
                return channels;
            }
        }
    }
}
