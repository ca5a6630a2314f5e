using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Tests.Support;
using ChaosLab.Lab.Lifecycle;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>
/// Protobuf bodies as client-go's typed clients send them, for kinds and verbs kubectl's generators do not reach:
/// a Lease, a Pod with volumes, a PUT of deployments/scale, an eviction, a DELETE with DeleteOptions, and bad bytes;
/// and kubectl's own create generators for the workload, RBAC, policy and networking kinds, which send protobuf.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ProtobufRequestTests
{
    private const string Ns = "protobuf";
    private LabState _lab = null!;
    private RawApi _admin = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        _lab = await SharedLab.GetAsync();
        _admin = RawApi.As(SharedLab.Paths, _lab.ApiEndpointNode().Address.ToString(), "admin");
        var ns = await _admin.SendAsync("POST", "/api/v1/namespaces", ProtoWriter.Envelope("v1", "Namespace", n => n.Message(1, m => m.Str(1, Ns))), ProtobufBody.MediaType);
        Assert.That(ns.Code, Is.EqualTo(201).Or.EqualTo(409), ns.Body);
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (_admin is not null)
        {
            await _admin.SendAsync("DELETE", $"/api/v1/namespaces/{Ns}");
            _admin.Dispose();
        }
    }

    private Task<(int Code, string Body)> Send(string method, string path, byte[] body) => _admin.SendAsync(method, path, body, ProtobufBody.MediaType);

    [Test]
    public async Task A_lease_keeps_its_microsecond_renew_time()
    {
        var created = await Send("POST", $"/apis/coordination.k8s.io/v1/namespaces/{Ns}/leases", ProtoWriter.Envelope("coordination.k8s.io/v1", "Lease", l => l
            .Message(1, m => m.Str(1, "holder"))
            .Message(2, spec => spec.Str(1, "me").Varint(2, 15).Message(4, t => t.Varint(1, 1_700_000_000).Varint(2, 250_000_000)).Varint(5, 0))));

        Assert.That(created.Code, Is.EqualTo(201), created.Body);
        var spec = JsonNode.Parse(created.Body)!["spec"]!;
        Assert.That(((string?)spec["holderIdentity"], (string?)spec["renewTime"], (int?)spec["leaseTransitions"]),
            Is.EqualTo(("me", "2023-11-14T22:13:20.250000Z", (int?)0)));
    }

    [Test]
    public async Task A_pod_with_volumes_env_and_a_probe_is_stored_as_sent()
    {
        var created = await Send("POST", $"/api/v1/namespaces/{Ns}/pods", ProtoWriter.Envelope("v1", "Pod", p => p
            .Message(1, m => m.Str(1, "volumes").Entry(11, "app", "volumes"))
            .Message(2, spec => spec
                .Message(1, v => v.Str(1, "scratch").Message(2, src => src.Empty(2)))
                .Message(2, c => c.Str(1, "app").Str(2, "chaoslab/pause")
                    .Message(7, e => e.Str(1, "POD_NAME").Message(3, s => s.Message(1, f => f.Str(1, "v1").Str(2, "metadata.name"))))
                    .Message(8, r => r.Message(1, e => e.Str(1, "memory").Message(2, q => q.Str(1, "64Mi"))))
                    .Message(9, vm => vm.Str(1, "scratch").Str(3, "/scratch"))
                    .Message(11, probe => probe.Message(1, h => h.Message(3, t => t.Message(1, port => port.Varint(1, 0).Varint(2, 8080)))))
                    .Message(15, sc => sc.Bool(7, false))))));

        Assert.That(created.Code, Is.EqualTo(201), created.Body);
        var spec = JsonNode.Parse(created.Body)!["spec"]!;
        var container = spec["containers"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(spec["volumes"]![0]!["emptyDir"], Is.InstanceOf<JsonObject>(), "emptyDir: {} is a set pointer, not an absent one");
            Assert.That((string?)container["env"]![0]!["valueFrom"]!["fieldRef"]!["fieldPath"], Is.EqualTo("metadata.name"));
            Assert.That((string?)container["resources"]!["limits"]!["memory"], Is.EqualTo("64Mi"));
            Assert.That((int?)container["readinessProbe"]!["tcpSocket"]!["port"], Is.EqualTo(8080));
            Assert.That((bool?)container["securityContext"]!["allowPrivilegeEscalation"], Is.False);
        });
    }

    [Test]
    public async Task Scale_eviction_and_delete_options_bodies_decode()
    {
        var deployment = await Send("POST", $"/apis/apps/v1/namespaces/{Ns}/deployments", ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, m => m.Str(1, "scaled"))
            .Message(2, spec => spec.Varint(1, 0)
                .Message(2, sel => sel.Entry(1, "app", "scaled"))
                .Message(3, t => t.Message(1, m => m.Entry(11, "app", "scaled")).Message(2, pod => pod.Message(2, c => c.Str(1, "app").Str(2, "chaoslab/pause")))))));
        Assert.That(deployment.Code, Is.EqualTo(201), deployment.Body);
        Assert.That((int?)JsonNode.Parse(deployment.Body)!["spec"]!["replicas"], Is.Zero, "replicas: 0 is kept, not defaulted to 1");

        var scale = await Send("PUT", $"/apis/apps/v1/namespaces/{Ns}/deployments/scaled/scale", ProtoWriter.Envelope("autoscaling/v1", "Scale", s => s
            .Message(1, m => m.Str(1, "scaled").Str(3, Ns)).Message(2, spec => spec.Varint(1, 1))));
        Assert.That(scale.Code, Is.EqualTo(200), scale.Body);
        Assert.That((int?)JsonNode.Parse(scale.Body)!["spec"]!["replicas"], Is.EqualTo(1));

        var pod = await Send("POST", $"/api/v1/namespaces/{Ns}/pods", ProtoWriter.Envelope("v1", "Pod", p => p
            .Message(1, m => m.Str(1, "evicted")).Message(2, spec => spec.Message(2, c => c.Str(1, "app").Str(2, "chaoslab/pause")))));
        Assert.That(pod.Code, Is.EqualTo(201), pod.Body);
        var eviction = await Send("POST", $"/api/v1/namespaces/{Ns}/pods/evicted/eviction", ProtoWriter.Envelope("policy/v1", "Eviction", e => e
            .Message(1, m => m.Str(1, "evicted").Str(3, Ns)).Message(2, o => o.Varint(1, 0))));
        Assert.That(eviction.Code, Is.EqualTo(201), eviction.Body);

        var deleted = await Send("DELETE", $"/apis/apps/v1/namespaces/{Ns}/deployments/scaled", ProtoWriter.Envelope("apps/v1", "DeleteOptions", o => o
            .Message(2, p => p.Str(1, "not-the-uid"))));
        Assert.That(deleted.Code, Is.EqualTo(409), "the precondition in the protobuf DeleteOptions is checked: " + deleted.Body);
        var orphan = await Send("DELETE", $"/apis/apps/v1/namespaces/{Ns}/deployments/scaled", ProtoWriter.Envelope("apps/v1", "DeleteOptions", o => o.Str(4, "Orphan")));
        Assert.That(orphan.Code, Is.EqualTo(200), orphan.Body);
    }

    [Test]
    public async Task Bad_bytes_are_400_and_a_kind_not_served_is_415()
    {
        var overrun = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Raw(0x0a, 0x7f, 0x0a, 0x03)); // metadata says 127 bytes, 2 follow
        var bad = await Send("POST", $"/api/v1/namespaces/{Ns}/configmaps", overrun);
        var role = await Send("POST", $"/api/v1/namespaces/{Ns}/configmaps", ProtoWriter.Envelope("storage.k8s.io/v1", "CSIDriver", r => r.Message(1, m => m.Str(1, "r"))));

        Assert.Multiple(() =>
        {
            Assert.That(bad.Code, Is.EqualTo(400), bad.Body);
            Assert.That((string?)JsonNode.Parse(bad.Body)!["message"], Does.StartWith("malformed protobuf body"));
            Assert.That(role.Code, Is.EqualTo(415), role.Body);
        });
    }

    [Test]
    public async Task Kubectl_create_of_each_new_kind_sends_protobuf_and_the_object_comes_out_as_sent()
    {
        string[][] creates =
        [
            ["job", "once", "--image=chaoslab/pause"],
            ["cronjob", "tick", "--image=chaoslab/pause", "--schedule=*/5 * * * *"],
            ["role", "reader", "--verb=get,list", "--resource=pods"],
            ["rolebinding", "reader", "--role=reader", "--user=alice"],
            ["clusterrole", "protobuf-reader", "--verb=get", "--resource=nodes"],
            ["pdb", "web", "--selector=app=web", "--min-available=1"],
            ["ingress", "web", "--rule=example.com/=web:80"],
            ["quota", "pods", "--hard=pods=10"],
            ["priorityclass", "protobuf-high", "--value=1000"],
        ];
        try
        {
            foreach (var create in creates)
            {
                var result = await Kubectl(["create", .. create, "-n", Ns, "-v=8"]);
                Assert.That(result.ExitCode, Is.Zero, $"kubectl create {string.Join(' ', create)}: {result.StandardError}");
                Assert.That(result.StandardError, Does.Contain("Content-Type: application/vnd.kubernetes.protobuf"), $"kubectl create {create[0]} sends protobuf");
            }

            await Assert.MultipleAsync(async () =>
            {
                Assert.That(await Get("job", "once", "{.spec.template.spec.containers[0].image} {.spec.template.spec.restartPolicy}"), Is.EqualTo("chaoslab/pause Never"));
                Assert.That(await Get("cronjob", "tick", "{.spec.schedule} {.spec.jobTemplate.metadata.name}"), Is.EqualTo("*/5 * * * * tick"));
                Assert.That(await Get("role", "reader", "{.rules[0].verbs} {.rules[0].resources}"), Is.EqualTo("[\"get\",\"list\"] [\"pods\"]"));
                Assert.That(await Get("rolebinding", "reader", "{.roleRef.kind}/{.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}"), Is.EqualTo("Role/reader User/alice"));
                Assert.That(await Get("clusterrole", "protobuf-reader", "{.rules[0].resources[0]}"), Is.EqualTo("nodes"));
                Assert.That(await Get("pdb", "web", "{.spec.minAvailable} {.spec.selector.matchLabels.app}"), Is.EqualTo("1 web"));
                Assert.That(await Get("ingress", "web", "{.spec.rules[0].host} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.port.number}"),
                    Is.EqualTo("example.com Exact 80"));
                Assert.That(await Get("quota", "pods", "{.spec.hard.pods}"), Is.EqualTo("10"));
                Assert.That(await Get("priorityclass", "protobuf-high", "{.value}"), Is.EqualTo("1000"));
            });
        }
        finally
        {
            await Kubectl("delete", "clusterrole", "protobuf-reader", "--ignore-not-found");
            await Kubectl("delete", "priorityclass", "protobuf-high", "--ignore-not-found");
        }
    }

    private static async Task<string> Get(string kind, string name, string jsonPath)
    {
        var result = await Kubectl("get", kind, name, "-n", Ns, "-o", $"jsonpath={jsonPath}");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return result.StandardOutput;
    }

    private static async Task<BufferedCommandResult> Kubectl(params string[] args)
    {
        var result = await Cli.Wrap("kubectl").WithArguments(["--kubeconfig", SharedLab.Paths.Kubeconfig, "--request-timeout=30s", .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await TestContext.Progress.WriteLineAsync($"$ kubectl {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}");
        return result;
    }
}
