using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// DaemonSets, StatefulSets and ReplicationControllers run by the controller manager against the real lab:
/// pods on the nodes a DaemonSet selects (a node that joins gets its pod), a StatefulSet's ordered start,
/// reverse scale-down and partitioned rolling update, `kubectl rollout status` for both, an RC keeping its replicas.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class AppsControllersTests
{
    private const string Ns = "apps-controllers";
    private const string AgentLabel = "chaoslab.test/agent";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        var (lab, client) = await HaCluster.GetAsync();
        _client = client;
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
    }

    [OneTimeTearDown]
    public async Task Dispose()
    {
        foreach (var worker in new[] { "worker-1", "worker-2", "worker-3" })
        {
            await LabelAsync(worker, null);
        }
        _kubectl?.Dispose();
        _client?.Dispose();
    }

    [Test]
    public async Task A_daemonset_runs_one_pod_on_each_selected_node_and_a_node_that_joins_gets_its_pod()
    {
        await LabelAsync("worker-1", "yes");
        await LabelAsync("worker-2", "yes");
        await _client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent"), Ns);
        await UntilDaemonPodsAsync("agent", ["worker-1", "worker-2"]);

        await LabelAsync("worker-3", "yes");
        await UntilDaemonPodsAsync("agent", ["worker-1", "worker-2", "worker-3"]);
        var pods = await ReadyPodsAsync("app=agent");
        Assert.That(pods.Select(p => p.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Single().MatchFields.Single().Values.Single()),
            Is.EquivalentTo(pods.Select(p => p.Spec.NodeName)), "each pod is pinned to its node by affinity and bound there by the scheduler");
        Assert.That(pods.SelectMany(p => p.Spec.Tolerations).Select(t => t.Key), Does.Contain("node.kubernetes.io/unreachable"));

        // A template change rolls the pods one node at a time; kubectl follows it to the end.
        // A JSON patch: the API server's strategic merge does not know the DaemonSet schema yet (it replaces the containers list).
        await _client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(
            """[{"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"ROLL","value":"2"}]}]""", V1Patch.PatchType.JsonPatch), "agent", Ns);
        var rollout = await _kubectl.OkAsync("rollout", "status", "daemonset/agent", "-n", Ns, "--timeout=90s");
        Assert.That(rollout, Does.Contain("daemon set \"agent\" successfully rolled out"));
        var ds = await _client.AppsV1.ReadNamespacedDaemonSetAsync("agent", Ns);
        var revisions = await _client.AppsV1.ListNamespacedControllerRevisionAsync(Ns);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((ds.Status.DesiredNumberScheduled, ds.Status.UpdatedNumberScheduled, ds.Status.NumberAvailable, ds.Status.ObservedGeneration),
                Is.EqualTo((3, (int?)3, (int?)3, ds.Metadata.Generation)));
            Assert.That(revisions.Items.Count(r => r.Metadata.OwnerReferences?.Any(o => o.Name == "agent") == true), Is.EqualTo(2));
            Assert.That((await ReadyPodsAsync("app=agent")).All(p => p.Spec.Containers[0].Env?.Any(e => e.Value == "2") == true), Is.True);
        }

        await LabelAsync("worker-3", null);
        await UntilDaemonPodsAsync("agent", ["worker-1", "worker-2"]);
    }

    [Test]
    public async Task A_statefulset_starts_in_order_scales_down_in_reverse_and_updates_from_the_partition()
    {
        await _client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("db", 3), Ns);
        await Eventually.UntilAsync("3 db pods ready", TimeSpan.FromSeconds(90), async () =>
        {
            var ready = await ReadyPodsAsync("app=db");
            return (ready.Count == 3, string.Join(", ", ready.Select(p => p.Metadata.Name)));
        });
        var pods = (await ReadyPodsAsync("app=db")).ToDictionary(p => p.Metadata.Name);
        Assert.That(pods.Keys, Is.EquivalentTo(new[] { "db-0", "db-1", "db-2" }));
        for (var k = 1; k < 3; k++)
        {
            // creationTimestamp has whole seconds, the condition's time more: compare at the coarser grain.
            var previousReady = pods[$"db-{k - 1}"].Status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime!.Value;
            var readySecond = previousReady.AddTicks(-(previousReady.Ticks % TimeSpan.TicksPerSecond));
            Assert.That(pods[$"db-{k}"].Metadata.CreationTimestamp, Is.GreaterThanOrEqualTo(readySecond), $"db-{k} was created only after db-{k - 1} was Ready");
            Assert.That((pods[$"db-{k}"].Spec.Hostname, pods[$"db-{k}"].Spec.Subdomain), Is.EqualTo(($"db-{k}", "db")));
            Assert.That(pods[$"db-{k}"].Metadata.Labels["apps.kubernetes.io/pod-index"], Is.EqualTo(k.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        // With a rollingUpdate block (partition defaults to 0) kubectl reports the partitioned form.
        Assert.That(await _kubectl.OkAsync("rollout", "status", "statefulset/db", "-n", Ns, "--timeout=60s"), Does.Contain("partitioned roll out complete: 3 new pods have been updated"));

        // Scale down: db-2 is gone before db-1 starts terminating.
        await _client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "db", Ns);
        var outOfOrder = false;
        await Eventually.UntilAsync("only db-0 left", TimeSpan.FromSeconds(90), async () =>
        {
            var terminating = (await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=db")).Items
                .ToDictionary(p => p.Metadata.Name, p => p.Metadata.DeletionTimestamp is not null);
            outOfOrder |= terminating.GetValueOrDefault("db-1") && terminating.ContainsKey("db-2");
            return (terminating.Count == 1 && terminating.ContainsKey("db-0"), string.Join(", ", terminating.Keys));
        }, intervalMs: 100);
        Assert.That(outOfOrder, Is.False, "db-1 was terminating while db-2 still existed");

        await _client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "db", Ns);
        await Eventually.UntilAsync("3 db pods ready again", TimeSpan.FromSeconds(90), async () =>
        {
            var ready = await ReadyPodsAsync("app=db");
            return (ready.Count == 3, string.Join(", ", ready.Select(p => p.Metadata.Name)));
        });
        var before = (await ReadyPodsAsync("app=db")).ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid);

        // Partition 2: only db-2 moves to the new template.
        await _client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch(
            """[{"op":"replace","path":"/spec/updateStrategy/rollingUpdate/partition","value":2},{"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"ROLL","value":"2"}]}]""",
            V1Patch.PatchType.JsonPatch), "db", Ns);
        var rollout = await _kubectl.OkAsync("rollout", "status", "statefulset/db", "-n", Ns, "--timeout=90s");
        Assert.That(rollout, Does.Contain("partitioned roll out complete: 1 new pods have been updated"));
        var set = await _client.AppsV1.ReadNamespacedStatefulSetAsync("db", Ns);
        var after = (await ReadyPodsAsync("app=db")).ToDictionary(p => p.Metadata.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after["db-2"].Metadata.Labels["controller-revision-hash"], Is.EqualTo(set.Status.UpdateRevision));
            Assert.That(after["db-2"].Metadata.Uid, Is.Not.EqualTo(before["db-2"]));
            foreach (var name in new[] { "db-0", "db-1" })
            {
                Assert.That(after[name].Metadata.Uid, Is.EqualTo(before[name]), $"{name} is below the partition");
                Assert.That(after[name].Metadata.Labels["controller-revision-hash"], Is.EqualTo(set.Status.CurrentRevision));
            }
            Assert.That((set.Status.UpdatedReplicas, set.Status.CurrentReplicas, set.Status.ReadyReplicas), Is.EqualTo(((int?)1, (int?)2, (int?)3)));
        }
    }

    [Test]
    public async Task A_replication_controller_keeps_its_replicas()
    {
        await _client.CoreV1.CreateNamespacedReplicationControllerAsync(new V1ReplicationController
        {
            Metadata = new V1ObjectMeta { Name = "rc" },
            Spec = new V1ReplicationControllerSpec { Replicas = 2, Template = Template("rc") },
        }, Ns);
        await Eventually.UntilAsync("2 rc pods ready", TimeSpan.FromSeconds(60), async () =>
        {
            var ready = await ReadyPodsAsync("app=rc");
            return (ready.Count == 2, $"{ready.Count} ready");
        });
        var victim = (await ReadyPodsAsync("app=rc"))[0];
        await _client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, Ns);
        await Eventually.UntilAsync("a replacement, 2 rc pods ready and counted", TimeSpan.FromSeconds(60), async () =>
        {
            var ready = await ReadyPodsAsync("app=rc");
            var rc = await _client.CoreV1.ReadNamespacedReplicationControllerAsync("rc", Ns);
            var done = ready.Count == 2 && ready.All(p => p.Metadata.Uid != victim.Metadata.Uid) && rc.Status.ReadyReplicas == 2 && rc.Status.ObservedGeneration == rc.Metadata.Generation;
            return (done, $"{ready.Count} ready, status ready {rc.Status.ReadyReplicas}");
        });
        var owner = (await ReadyPodsAsync("app=rc"))[0].Metadata.OwnerReferences.Single();
        Assert.That((owner.Kind, owner.Name, owner.Controller), Is.EqualTo(("ReplicationController", "rc", (bool?)true)));
    }

    private async Task LabelAsync(string node, string? value)
    {
        var patch = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [AgentLabel] = value } },
        }.ToJsonString();
        await _client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), node);
    }

    private async Task UntilDaemonPodsAsync(string name, string[] nodes) =>
        await Eventually.UntilAsync($"{name} pods ready on exactly {string.Join(", ", nodes)}", TimeSpan.FromSeconds(60), async () =>
        {
            var all = (await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"app={name}")).Items;
            var ready = await ReadyPodsAsync($"app={name}");
            var ds = await _client.AppsV1.ReadNamespacedDaemonSetAsync(name, Ns);
            var placed = ready.Select(p => p.Spec.NodeName).Order().ToList();
            var done = placed.SequenceEqual(nodes) && all.Count == nodes.Length
                       && ds.Status?.DesiredNumberScheduled == nodes.Length && ds.Status.NumberReady == nodes.Length;
            return (done, $"ready on [{string.Join(", ", placed)}], {all.Count} pods, desired {ds.Status?.DesiredNumberScheduled}, ready {ds.Status?.NumberReady}");
        });

    private async Task<List<V1Pod>> ReadyPodsAsync(string selector)
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: selector);
        return pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running"
            && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).ToList();
    }

    private static V1DaemonSet DaemonSet(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, new Dictionary<string, string> { [AgentLabel] = "yes" }),
        },
    };

    private static V1StatefulSet StatefulSet(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name),
        },
    };

    private static V1PodTemplateSpec Template(string app, Dictionary<string, string>? nodeSelector = null) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            NodeSelector = nodeSelector,
            TerminationGracePeriodSeconds = 2,
            Containers =
            [
                new V1Container
                {
                    Name = "echo",
                    Image = "chaoslab/echo",
                    Ports = [new V1ContainerPort { ContainerPort = 8080 }],
                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/ready", Port = 8080 }, PeriodSeconds = 1 },
                },
            ],
        },
    };
}
