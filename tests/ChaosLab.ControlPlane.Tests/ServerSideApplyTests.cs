using System.Text.Json.Nodes;
using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Server-side apply through the real kubectl and the official C# client (issue 13): managedFields per manager,
/// the conflict between two appliers of one field, force taking it over, a dropped field removed, and a second
/// apply of the same configuration writing nothing.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ServerSideApplyTests
{
    private const string Ns = "server-side-apply";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task CreateNamespace()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
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
    public async Task Two_managers_conflict_on_one_field_force_takes_it_and_a_dropped_field_goes()
    {
        await ApplyAsync("a", ConfigMap("shared", """{"key": "from-a", "only-a": "1"}"""));

        var conflict = await RunApplyAsync("b", ConfigMap("shared", """{"key": "from-b"}"""));

        Assert.That(conflict.ExitCode, Is.EqualTo(1), conflict.StandardOutput);
        Assert.That(conflict.StandardError, Does.Contain("Apply failed with 1 conflict: conflict with \"a\": .data.key"));
        Assert.That((await ReadAsync("shared")).Data["key"], Is.EqualTo("from-a"), "a conflict writes nothing");

        await ApplyAsync("b", ConfigMap("shared", """{"key": "from-b"}"""), "--force-conflicts");
        var forced = await ReadAsync("shared");
        Assert.That(forced.Data["key"], Is.EqualTo("from-b"));
        Assert.That(Owners(forced), Is.EquivalentTo(new[] { "a Apply {\"f:data\":{\"f:only-a\":{}}}", "b Apply {\"f:data\":{\"f:key\":{}}}" }));

        // a no longer applies only-a (nor any data): nobody else owns it, so it goes; key is b's and stays.
        await ApplyAsync("a", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: shared
              namespace: {Ns}
            """);
        var pruned = await ReadAsync("shared");
        Assert.That(pruned.Data, Is.EqualTo(new Dictionary<string, string> { ["key"] = "from-b" }));
        Assert.That(Owners(pruned), Is.EqualTo(new[] { "b Apply {\"f:data\":{\"f:key\":{}}}" }));
    }

    [Test]
    public async Task A_deployment_applied_twice_is_unchanged_the_second_time()
    {
        var manifest = $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: twice
              namespace: {{Ns}}
            spec:
              replicas: 0
              selector:
                matchLabels: {app: twice}
              template:
                metadata:
                  labels: {app: twice}
                spec:
                  containers:
                  - name: web
                    image: chaoslab/echo
                    ports:
                    - containerPort: 8080
            """;
        await ApplyAsync("kubectl", manifest);
        // The deployment controller writes its revision annotation and status first: wait until it is done.
        var first = await _client.AppsV1.ReadNamespacedDeploymentAsync("twice", Ns);
        await Eventually.UntilAsync("deployment twice left alone by its controller", TimeSpan.FromSeconds(60), async () =>
        {
            var before = first.Metadata.ResourceVersion;
            await Task.Delay(TimeSpan.FromSeconds(3));
            first = await _client.AppsV1.ReadNamespacedDeploymentAsync("twice", Ns);
            return (first.Status?.ObservedGeneration == first.Metadata.Generation && first.Metadata.ResourceVersion == before,
                $"resourceVersion {before} → {first.Metadata.ResourceVersion}, observedGeneration {first.Status?.ObservedGeneration}");
        });

        var again = await RunApplyAsync("kubectl", manifest);

        Assert.That(again.ExitCode, Is.Zero, again.StandardError);
        Assert.That(again.StandardOutput, Does.Contain("deployment.apps/twice serverside-applied"));
        var second = await _client.AppsV1.ReadNamespacedDeploymentAsync("twice", Ns);
        Assert.That(second.Metadata.ResourceVersion, Is.EqualTo(first.Metadata.ResourceVersion));
        var entry = second.Metadata.ManagedFields.Single(e => e.Manager == "kubectl");
        Assert.That((entry.Operation, entry.ApiVersion), Is.EqualTo(("Apply", "apps/v1")));
        Assert.That(Elements(JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1))), Does.Contain("""k:{"containerPort":8080,"protocol":"TCP"}"""));
    }

    [Test]
    public async Task Kubectl_shows_managed_fields_and_a_server_dry_run_stores_nothing()
    {
        await _kubectl.ApplyAsync(ConfigMap("client-side", """{"v": "1"}"""), Ns);

        var yaml = await _kubectl.OkAsync("get", "configmap", "client-side", "-n", Ns, "-o", "yaml", "--show-managed-fields");
        Assert.That(yaml, Does.Contain("manager: kubectl-client-side-apply").And.Contain("operation: Update").And.Contain("f:v: {}"));

        var dry = await RunApplyAsync("dry", ConfigMap("client-side", """{"v": "2"}"""), "--force-conflicts", "--dry-run=server", "-o", "jsonpath={.data.v}");
        Assert.That((dry.ExitCode, dry.StandardOutput), Is.EqualTo((0, "2")), dry.StandardError);
        Assert.That((await ReadAsync("client-side")).Data["v"], Is.EqualTo("1"));
    }

    [Test]
    public async Task The_official_client_applies_and_a_missing_field_manager_is_refused()
    {
        var config = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "typed", NamespaceProperty = Ns },
            Data = new Dictionary<string, string> { ["a"] = "b" },
        };
        var body = new V1Patch(config, V1Patch.PatchType.ApplyPatch);

        var created = await _client.CoreV1.PatchNamespacedConfigMapAsync(body, "typed", Ns, fieldManager: "csharp");
        Assert.That((created.Data["a"], created.Metadata.ManagedFields.Single().Manager), Is.EqualTo(("b", "csharp")));

        var ex = Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(body, "typed", Ns))!;
        Assert.That((int)ex.Response.StatusCode, Is.EqualTo(422));
        Assert.That(ex.Response.Content, Does.Contain("fieldManager: Required value: is required for apply patch"));
    }

    private static string ConfigMap(string name, string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {Ns}
        data: {data}
        """;

    private Task<V1ConfigMap> ReadAsync(string name) => _client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns);

    private static IEnumerable<string> Owners(V1ConfigMap map) =>
        map.Metadata.ManagedFields.Select(e => $"{e.Manager} {e.Operation} {JsonNode.Parse(KubernetesJson.Serialize(e.FieldsV1))!.ToJsonString()}");

    /// <summary>Every path element named anywhere in a fieldsV1.</summary>
    private static IEnumerable<string> Elements(JsonNode? fields) =>
        fields is JsonObject obj ? obj.SelectMany(p => Elements(p.Value).Prepend(p.Key)) : [];

    private Task<CliWrap.Buffered.BufferedCommandResult> RunApplyAsync(string manager, string manifest, params string[] extra) =>
        _kubectl.RunAsync(["apply", "--server-side", $"--field-manager={manager}", "-n", Ns, "-f", "-", .. extra], manifest);

    private async Task ApplyAsync(string manager, string manifest, params string[] extra)
    {
        var result = await RunApplyAsync(manager, manifest, extra);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl apply --server-side failed:\n{result.StandardError}");
    }
}
