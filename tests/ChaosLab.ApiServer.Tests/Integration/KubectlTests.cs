using System.Diagnostics;
using ChaosLab.ApiServer.Tests.Support;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>The real kubectl (1.32) against the bundled HA control plane, through haproxy.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class KubectlTests
{
    private string _kubeconfig = "";
    private string _cacheDir = "";
    private const string Ns = "demo";

    [OneTimeSetUp]
    public async Task BringUp()
    {
        var lab = await SharedLab.GetAsync();
        _kubeconfig = SharedLab.Paths.Kubeconfig;
        _cacheDir = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        _ = lab;
    }

    [OneTimeTearDown]
    public void CleanCache() => Directory.Delete(_cacheDir, recursive: true);

    private async Task<BufferedCommandResult> Kubectl(params string[] args)
    {
        var result = await Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "--request-timeout=30s", .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await TestContext.Progress.WriteLineAsync($"$ kubectl {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    private async Task<string> Ok(params string[] args)
    {
        var result = await Kubectl(args);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', args)} failed:\n{result.StandardError}");
        return result.StandardOutput;
    }

    [Test, Order(1)]
    public async Task Version_resources_and_readyz()
    {
        Assert.That(await Ok("version"), Does.Contain("Server Version: v1.32"));
        var resources = await Ok("api-resources");
        Assert.That(resources, Does.Contain("deployments").And.Contain("deploy").And.Contain("leases").And.Contain("endpointslices"));
        Assert.That((await Ok("get", "--raw", "/readyz")).Trim(), Is.EqualTo("ok"));
    }

    [Test, Order(2)]
    public async Task Apply_get_scale_label_annotate_patch_watch_delete()
    {
        await Ok("create", "namespace", Ns);
        var manifest = Path.Combine(_cacheDir, "web.yaml");
        await File.WriteAllTextAsync(manifest, Manifest);

        var first = await Ok("apply", "-f", manifest);
        Assert.That(first, Does.Contain("deployment.apps/web created").And.Contain("service/web created").And.Contain("configmap/web-config created"));
        var again = await Ok("apply", "-f", manifest);
        Assert.That(again, Does.Contain("deployment.apps/web unchanged").And.Contain("service/web unchanged").And.Contain("configmap/web-config unchanged"));

        var wide = await Ok("get", "pods,deploy,svc", "-o", "wide", "-n", Ns);
        Assert.That(wide, Does.Contain("deployment.apps/web").And.Contain("service/web").And.Contain("CLUSTER-IP").And.Contain("SELECTOR"));
        Assert.That(await Ok("get", "deploy", "web", "-o", "yaml", "-n", Ns), Does.Contain("replicas: 2").And.Contain("maxSurge: 25%"));

        Assert.That(await Ok("scale", "deploy", "web", "--replicas=3", "-n", Ns), Does.Contain("scaled"));
        Assert.That(await Ok("get", "deploy", "web", "-n", Ns, "-o", "jsonpath={.spec.replicas}"), Is.EqualTo("3"));
        Assert.That(await Ok("label", "deploy", "web", "tier=frontend", "-n", Ns), Does.Contain("labeled"));
        Assert.That(await Ok("annotate", "deploy", "web", "note=hello", "-n", Ns), Does.Contain("annotated"));
        Assert.That(await Ok("patch", "deploy", "web", "-n", Ns, "--type", "merge", "-p", """{"spec":{"replicas":4}}"""), Does.Contain("patched"));
        Assert.That(await Ok("patch", "deploy", "web", "-n", Ns, "--type", "json", "-p", """[{"op":"replace","path":"/spec/replicas","value":5}]"""), Does.Contain("patched"));
        Assert.That(await Ok("get", "deploy", "web", "-n", Ns, "-o", "jsonpath={.spec.replicas} {.metadata.labels.tier} {.metadata.annotations.note}"), Is.EqualTo("5 frontend hello"));

        // Changing the manifest applies a strategic merge patch.
        await File.WriteAllTextAsync(manifest, Manifest.Replace("chaoslab/echo:1", "chaoslab/echo:2", StringComparison.Ordinal));
        Assert.That(await Ok("apply", "-f", manifest), Does.Contain("deployment.apps/web configured"));
        Assert.That(await Ok("get", "deploy", "web", "-n", Ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"), Is.EqualTo("chaoslab/echo:2"));

        await WatchSeesPodAsync();

        Assert.That(await Ok("delete", "deploy", "web", "-n", Ns), Does.Contain("deleted"));
        Assert.That((await Kubectl("get", "deploy", "web", "-n", Ns)).StandardError, Does.Contain("NotFound"));
        Assert.That(await Ok("delete", "pod", "watched", "-n", Ns), Does.Contain("deleted"));
    }

    private async Task WatchSeesPodAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource();
        var watch = Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "get", "pods", "-n", Ns, "-w"])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
                if (line.Contains("watched", StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cts.Token);
        try
        {
            await Task.Delay(1500, cts.Token); // let the watch start after its list
            await Ok("run", "watched", "--image=chaoslab/pause", "-n", Ns);
            var done = await Task.WhenAny(seen.Task, Task.Delay(TimeSpan.FromSeconds(20), cts.Token));
            Assert.That(done, Is.SameAs(seen.Task), $"kubectl get pods -w did not show the new pod; it printed:\n{output}");
        }
        finally
        {
            await cts.CancelAsync();
            try
            {
                await watch;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Test, Order(3)]
    public async Task Nodes_and_leases_list()
    {
        var nodes = await Kubectl("get", "nodes");
        Assert.That(nodes.ExitCode, Is.Zero, nodes.StandardError);
        var leases = await Ok("get", "leases", "-n", "kube-system");
        Assert.That(leases, Does.Contain("kube-apiserver-"));
        Assert.That(await Ok("get", "endpoints", "kubernetes", "-n", "default", "-o", "jsonpath={.subsets[0].addresses[*].ip}"), Does.Match(@"^\d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+$"));
    }

    [Test, Order(4)]
    public async Task A_list_file_as_kubectl_get_writes_it_applies_item_by_item()
    {
        await Ok("create", "namespace", "listed");
        var list = Path.Combine(_cacheDir, "list.yaml");
        await File.WriteAllTextAsync(list, """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: { name: first, namespace: listed }
              data: { count: "1" }
            - apiVersion: v1
              kind: ConfigMap
              metadata: { name: second, namespace: listed }
              data: { count: "2" }
            """);

        Assert.That(await Ok("apply", "-f", list), Does.Contain("configmap/first created").And.Contain("configmap/second created"));
        Assert.That(await Ok("get", "configmaps", "-n", "listed", "-o", "jsonpath={.items[*].data.count}"), Is.EqualTo("1 2"));

        var exported = Path.Combine(_cacheDir, "exported.yaml");
        await File.WriteAllTextAsync(exported, await Ok("get", "configmap", "first", "second", "-n", "listed", "-o", "yaml"));
        Assert.That(await Ok("delete", "-f", exported), Does.Contain("\"first\" deleted").And.Contain("\"second\" deleted"));
        await Ok("delete", "namespace", "listed", "--wait=false");
    }

    [Test, Order(5)]
    public async Task Create_generators_send_protobuf_and_the_objects_come_out_as_sent()
    {
        const string ns = "generated";
        await Ok("create", "namespace", ns);

        var deployment = await Kubectl("create", "deployment", "web", "--image=chaoslab/echo", "--port=8080", "--replicas=2", "-n", ns, "-v=8");
        Assert.That(deployment.ExitCode, Is.Zero, deployment.StandardError);
        Assert.That(deployment.StandardError, Does.Contain("Content-Type: application/vnd.kubernetes.protobuf"), "kubectl create sends protobuf");
        Assert.That(await Ok("create", "service", "clusterip", "web2", "--tcp=80:8080", "-n", ns), Does.Contain("service/web2 created"));
        Assert.That(await Ok("expose", "deployment", "web", "--port=80", "-n", ns), Does.Contain("service/web exposed"));
        var dryRun = await Ok("create", "deployment", "x", "--image=y", "-o", "yaml", "--dry-run=server", "-n", ns);
        Assert.That(dryRun, Does.Contain("name: x").And.Contain("image: \"y\"").And.Contain("maxSurge: 25%"));

        Assert.That(await Ok("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}"),
            Is.EqualTo("2 web echo chaoslab/echo 8080"));
        Assert.That(await Ok("get", "svc", "web2", "-n", ns, "-o", "jsonpath={.spec.type} {.spec.ports[0].name} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}"),
            Is.EqualTo("ClusterIP 80-8080 80 8080 web2"));
        Assert.That(await Ok("get", "svc", "web", "-n", ns, "-o", "jsonpath={.spec.ports[0].port} {.spec.selector.app}"), Is.EqualTo("80 web"));
        Assert.That((await Kubectl("get", "deploy", "x", "-n", ns)).StandardError, Does.Contain("NotFound"), "a server dry run stores nothing");
        await Ok("delete", "namespace", ns, "--wait=false");
    }

    private const string Manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: demo
        spec:
          replicas: 2
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
              - name: echo
                image: chaoslab/echo:1
                ports:
                - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: demo
        spec:
          selector: { app: web }
          ports:
          - port: 80
            targetPort: 8080
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: demo
        data:
          greeting: hello
        """;
}
