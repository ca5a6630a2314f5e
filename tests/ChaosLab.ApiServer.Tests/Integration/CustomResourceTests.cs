using ChaosLab.ApiServer.Tests.Support;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>CustomResourceDefinitions end to end with the real kubectl against the HA lab (every API server serves them).</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class CustomResourceTests
{
    private const string Ns = "crd-demo";
    private string _kubeconfig = "";
    private string _cacheDir = "";

    [OneTimeSetUp]
    public async Task BringUp()
    {
        await SharedLab.GetAsync();
        _kubeconfig = SharedLab.Paths.Kubeconfig;
        _cacheDir = Directory.CreateTempSubdirectory("kubectl-crd-").FullName;
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        await Kubectl("delete", "crd", "crontabs.stable.example.com", "--ignore-not-found", "--wait=false");
        await Kubectl("delete", "namespace", Ns, "--ignore-not-found", "--wait=false");
        Directory.Delete(_cacheDir, recursive: true);
    }

    [Test]
    public async Task Crd_serves_validates_prints_scales_watches_and_cleans_up_its_objects()
    {
        await Ok("create", "namespace", Ns);
        var crdFile = await Write("crd.yaml", Crd);
        Assert.That(await Ok("apply", "-f", crdFile), Does.Contain("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created"));
        await Ok("wait", "--for=condition=Established", "crd/crontabs.stable.example.com", "--timeout=30s");
        Assert.That(await Ok("get", "crd", "crontabs.stable.example.com", "-o", "jsonpath={.status.conditions[?(@.type==\"Established\")].status}"), Is.EqualTo("True"));
        Assert.That(await Ok("get", "crds"), Does.Contain("crontabs.stable.example.com"));
        Assert.That(await Ok("api-resources", "--api-group=stable.example.com"), Does.Contain("crontabs").And.Contain("ct").And.Contain("CronTab"));

        var tab = await Write("tab.yaml", Tab("nightly", "2"));
        // kubectl asks for strict field validation: an unknown field is refused, as upstream does; without it, it is pruned.
        var strict = await Kubectl("apply", "-f", tab);
        Assert.That(strict.StandardError, Does.Contain("strict decoding error: unknown field \"spec.bogus\""));
        Assert.That(await Ok("apply", "--validate=false", "-f", tab), Does.Contain("crontab.stable.example.com/nightly created"));
        // The pruned field is in the last applied configuration but not in the object, so kubectl sends it again (as
        // against upstream): "configured", and the object still has no such field.
        Assert.That(await Ok("apply", "--validate=false", "-f", tab), Does.Contain("crontab.stable.example.com/nightly configured"));
        // Defaulted by the schema, unknown fields pruned.
        Assert.That(await Ok("get", "ct", "nightly", "-n", Ns, "-o", "jsonpath={.spec.image}|{.spec.bogus}"), Is.EqualTo("busybox|"));
        var table = await Ok("get", "crontabs", "-n", Ns);
        Assert.That(table, Does.Contain("NAME").And.Contain("SPEC").And.Contain("REPLICAS").And.Contain("AGE"));
        Assert.That(table, Does.Contain("nightly").And.Contain("*/5 * * * *"));

        var bad = await Kubectl("create", "--validate=false", "-f", await Write("bad.yaml", Tab("broken", "\"two\"")), "-v=6");
        Assert.That(bad.ExitCode, Is.Not.Zero);
        Assert.That(bad.StandardError, Does.Contain("422"));
        Assert.That(bad.StandardError, Does.Contain("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""));

        // The status subresource ignores spec; the main resource ignores status.
        await Ok("patch", "ct", "nightly", "-n", Ns, "--subresource=status", "--type=merge", "-p", """{"status":{"replicas":7},"spec":{"cronSpec":"changed"}}""");
        await Ok("patch", "ct", "nightly", "-n", Ns, "--type=merge", "-p", """{"status":{"replicas":9}}""");
        Assert.That(await Ok("get", "ct", "nightly", "-n", Ns, "-o", "jsonpath={.spec.cronSpec} {.status.replicas}"), Is.EqualTo("*/5 * * * * 7"));
        var strategic = await Kubectl("patch", "ct", "nightly", "-n", Ns, "-p", """{"spec":{"image":"x"}}""");
        Assert.That(strategic.StandardError, Does.Contain("application/strategic-merge-patch+json is not supported"));
        await Ok("patch", "ct", "nightly", "-n", Ns, "--type=json", "-p", """[{"op":"replace","path":"/spec/image","value":"nginx"}]""");

        Assert.That(await Ok("scale", "ct", "nightly", "-n", Ns, "--replicas=4"), Does.Contain("scaled"));
        Assert.That(await Ok("get", "ct", "nightly", "-n", Ns, "-o", "jsonpath={.spec.replicas} {.spec.image}"), Is.EqualTo("4 nginx"));
        Assert.That(await Ok("get", "ct", "-n", Ns, "--field-selector", "metadata.name=nightly", "-o", "name"), Is.EqualTo("crontab.stable.example.com/nightly\n"));
        Assert.That(await Ok("explain", "crontab.spec"), Does.Contain("cronSpec"));

        await WatchSeesAsync();

        Assert.That(await Ok("delete", "crd", "crontabs.stable.example.com", "--timeout=60s"), Does.Contain("deleted"));
        Assert.That(await Ok("get", "crd", "-o", "name"), Does.Not.Contain("crontabs"));
        var gone = await Kubectl("get", "crontabs", "-n", Ns);
        Assert.That(gone.ExitCode, Is.Not.Zero);
        // kubectl may still hold the resource in its discovery cache and ask the server, which no longer serves it.
        Assert.That(gone.StandardError, Does.Contain("doesn't have a resource type").Or.Contain("the server could not find the requested resource"));
        Assert.That(await Ok("get", "--raw", "/apis"), Does.Not.Contain("stable.example.com"));

        // Objects of a CRD made again with the same name do not come back.
        await Ok("apply", "-f", crdFile);
        await Ok("wait", "--for=condition=Established", "crd/crontabs.stable.example.com", "--timeout=30s");
        Assert.That(await Ok("get", "crontabs", "-n", Ns, "-o", "name"), Is.Empty);
    }

    private async Task WatchSeesAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource();
        var watch = Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "get", "crontabs", "-n", Ns, "-w"])
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
            await Task.Delay(1500, cts.Token);
            await Ok("apply", "--validate=false", "-f", await Write("watched.yaml", Tab("watched", "1")));
            var done = await Task.WhenAny(seen.Task, Task.Delay(TimeSpan.FromSeconds(20), cts.Token));
            Assert.That(done, Is.SameAs(seen.Task), $"kubectl get crontabs -w did not show the new object; it printed:\n{output}");
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

    private async Task<string> Write(string name, string text)
    {
        var path = Path.Combine(_cacheDir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

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

    private static string Tab(string name, string replicas) => $"""
        apiVersion: stable.example.com/v1
        kind: CronTab
        metadata:
          name: {name}
          namespace: {Ns}
        spec:
          cronSpec: "*/5 * * * *"
          replicas: {replicas}
          bogus: dropped
        """;

    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.stable.example.com
        spec:
          group: stable.example.com
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            shortNames: [ct]
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [cronSpec]
                    properties:
                      cronSpec:
                        type: string
                        description: When the job runs, in cron format.
                      image:
                        type: string
                        default: busybox
                      replicas:
                        type: integer
                        minimum: 0
                  status:
                    type: object
                    properties:
                      replicas:
                        type: integer
                      selector:
                        type: string
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.selector
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
        """;
}
