using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13's new kinds in the controller manager's loops: deleting a namespace empties it of every one of them, and
/// the garbage collector follows their owner references (background, foreground, orphan).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class NewKindsLifecycleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private Kubernetes _client = null!;

    [OneTimeSetUp]
    public async Task Connect() => (_, _client) = await HaCluster.GetAsync();

    [OneTimeTearDown]
    public void Dispose() => _client?.Dispose();

    [Test]
    public async Task Deleting_a_namespace_removes_its_objects_of_the_new_kinds()
    {
        const string ns = "new-kinds-gone";
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Meta(ns) });
        await _client.BatchV1.CreateNamespacedCronJobAsync(CronJob("tick"), ns);
        await _client.BatchV1.CreateNamespacedJobAsync(Job("once"), ns);
        await _client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = Meta("db"),
            Spec = new V1StatefulSetSpec { Replicas = 0, ServiceName = "db", Selector = Selector("db"), Template = Template("db") },
        }, ns);
        await _client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision { Metadata = Meta("db-1"), Revision = 1, Data = RevisionData() }, ns);
        await _client.CoreV1.CreateNamespacedReplicationControllerAsync(new V1ReplicationController
        {
            Metadata = Meta("rc"),
            Spec = new V1ReplicationControllerSpec { Replicas = 0, Selector = new Dictionary<string, string> { ["app"] = "rc" }, Template = Template("rc") },
        }, ns);
        await _client.CoreV1.CreateNamespacedPodTemplateAsync(new V1PodTemplate { Metadata = Meta("tpl"), Template = Template("tpl") }, ns);
        await _client.CoreV1.CreateNamespacedLimitRangeAsync(new V1LimitRange
        {
            Metadata = Meta("limits"),
            Spec = new V1LimitRangeSpec { Limits = [new V1LimitRangeItem { Type = "Container", DefaultProperty = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } }] },
        }, ns);
        await _client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = Meta("quota"), Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["pods"] = new("10") } },
        }, ns);
        await _client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = Meta("data"),
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        }, ns);
        await _client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = Meta("pdb"), Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = Selector("db") },
        }, ns);
        await _client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(new V2HorizontalPodAutoscaler
        {
            Metadata = Meta("hpa"),
            Spec = new V2HorizontalPodAutoscalerSpec { ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "db" }, MaxReplicas = 3 },
        }, ns);
        await _client.NetworkingV1.CreateNamespacedIngressAsync(new V1Ingress
        {
            Metadata = Meta("web"),
            Spec = new V1IngressSpec
            {
                DefaultBackend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = "web", Port = new V1ServiceBackendPort { Number = 80 } } },
            },
        }, ns);
        await _client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(new V1NetworkPolicy { Metadata = Meta("deny"), Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() } }, ns);
        await _client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = Meta("reader"), Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get"] }],
        }, ns);
        await _client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = Meta("reader"),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "reader" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" }],
        }, ns);

        await _client.CoreV1.DeleteNamespaceAsync(ns);
        var elapsed = await Eventually.UntilAsync($"namespace {ns} gone", Bound, async () =>
        {
            var left = (await _client.CoreV1.ListNamespaceAsync()).Items.SingleOrDefault(n => n.Metadata.Name == ns);
            return (left is null, left?.Status?.Conditions is { } conditions ? string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status} {c.Message}")) : "present");
        });
        TestContext.Progress.WriteLine($"namespace gone after {elapsed.TotalSeconds:0.0} s");

        var remaining = new Dictionary<string, int>
        {
            ["cronjobs"] = (await _client.BatchV1.ListNamespacedCronJobAsync(ns)).Items.Count,
            ["jobs"] = (await _client.BatchV1.ListNamespacedJobAsync(ns)).Items.Count,
            ["statefulsets"] = (await _client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items.Count,
            ["controllerrevisions"] = (await _client.AppsV1.ListNamespacedControllerRevisionAsync(ns)).Items.Count,
            ["replicationcontrollers"] = (await _client.CoreV1.ListNamespacedReplicationControllerAsync(ns)).Items.Count,
            ["podtemplates"] = (await _client.CoreV1.ListNamespacedPodTemplateAsync(ns)).Items.Count,
            ["limitranges"] = (await _client.CoreV1.ListNamespacedLimitRangeAsync(ns)).Items.Count,
            ["resourcequotas"] = (await _client.CoreV1.ListNamespacedResourceQuotaAsync(ns)).Items.Count,
            ["persistentvolumeclaims"] = (await _client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.Count,
            ["poddisruptionbudgets"] = (await _client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns)).Items.Count,
            ["horizontalpodautoscalers"] = (await _client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns)).Items.Count,
            ["ingresses"] = (await _client.NetworkingV1.ListNamespacedIngressAsync(ns)).Items.Count,
            ["networkpolicies"] = (await _client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns)).Items.Count,
            ["roles"] = (await _client.RbacAuthorizationV1.ListNamespacedRoleAsync(ns)).Items.Count,
            ["rolebindings"] = (await _client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns)).Items.Count,
        };
        Assert.That(remaining.Where(r => r.Value > 0), Is.Empty);
    }

    [Test]
    public async Task The_garbage_collector_deletes_or_orphans_dependents_of_the_new_owner_kinds()
    {
        const string ns = "new-kinds-gc";
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Meta(ns) });
        try
        {
            // Background: a CronJob's Job goes after it.
            var cronJob = await _client.BatchV1.CreateNamespacedCronJobAsync(CronJob("tick"), ns);
            await _client.BatchV1.CreateNamespacedJobAsync(Job("tick-1", Owner("batch/v1", "CronJob", cronJob.Metadata)), ns);
            await _client.BatchV1.DeleteNamespacedCronJobAsync("tick", ns, new V1DeleteOptions { PropagationPolicy = "Background" });
            await Eventually.UntilAsync("the CronJob's Job deleted", Bound, async () =>
            {
                var jobs = (await _client.BatchV1.ListNamespacedJobAsync(ns)).Items;
                return (jobs.All(j => j.Metadata.Name != "tick-1"), string.Join(",", jobs.Select(j => j.Metadata.Name)));
            });

            // Foreground: a StatefulSet is gone only after its ControllerRevision.
            var statefulSet = await _client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
            {
                Metadata = Meta("db"),
                Spec = new V1StatefulSetSpec { Replicas = 0, ServiceName = "db", Selector = Selector("db"), Template = Template("db") },
            }, ns);
            await _client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
            {
                Metadata = Meta("db-1", Owner("apps/v1", "StatefulSet", statefulSet.Metadata)), Revision = 1, Data = RevisionData(),
            }, ns);
            await _client.AppsV1.DeleteNamespacedStatefulSetAsync("db", ns, new V1DeleteOptions { PropagationPolicy = "Foreground" });
            await Eventually.UntilAsync("the StatefulSet and its revision deleted", Bound, async () =>
            {
                var sets = (await _client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items.Count;
                var revisions = (await _client.AppsV1.ListNamespacedControllerRevisionAsync(ns)).Items.Count;
                return (sets == 0 && revisions == 0, $"{sets} statefulsets, {revisions} revisions");
            });

            // Orphan: a ReplicationController's revision stays, without the owner reference.
            var rc = await _client.CoreV1.CreateNamespacedReplicationControllerAsync(new V1ReplicationController
            {
                Metadata = Meta("rc"),
                Spec = new V1ReplicationControllerSpec { Replicas = 0, Selector = new Dictionary<string, string> { ["app"] = "rc" }, Template = Template("rc") },
            }, ns);
            await _client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
            {
                Metadata = Meta("rc-kept", Owner("v1", "ReplicationController", rc.Metadata)), Revision = 1, Data = RevisionData(),
            }, ns);
            await _client.CoreV1.DeleteNamespacedReplicationControllerAsync("rc", ns, new V1DeleteOptions { PropagationPolicy = "Orphan" });
            await Eventually.UntilAsync("the revision orphaned", Bound, async () =>
            {
                var revision = await _client.AppsV1.ReadNamespacedControllerRevisionAsync("rc-kept", ns);
                var rcs = (await _client.CoreV1.ListNamespacedReplicationControllerAsync(ns)).Items.Count;
                return (rcs == 0 && revision.Metadata.OwnerReferences is null or { Count: 0 }, $"{rcs} rcs, owners {revision.Metadata.OwnerReferences?.Count ?? 0}");
            });
        }
        finally
        {
            await _client.CoreV1.DeleteNamespaceAsync(ns);
        }
    }

    private static V1ObjectMeta Meta(string name, V1OwnerReference? owner = null) =>
        new() { Name = name, Labels = new Dictionary<string, string> { ["app"] = name }, OwnerReferences = owner is null ? null : [owner] };

    private static V1OwnerReference Owner(string apiVersion, string kind, V1ObjectMeta owner) =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = owner.Name, Uid = owner.Uid, Controller = true, BlockOwnerDeletion = true };

    private static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    private static V1PodTemplateSpec Template(string app, string restartPolicy = "Always") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "app", Image = "chaoslab/pause" }] },
    };

    /// <summary>A suspended Job: stored and owned like any, but it never starts pods.</summary>
    private static V1Job Job(string name, V1OwnerReference? owner = null) => new()
    {
        Metadata = Meta(name, owner),
        Spec = new V1JobSpec { Suspend = true, Template = Template(name, "Never") },
    };

    private static V1CronJob CronJob(string name) => new()
    {
        Metadata = Meta(name),
        Spec = new V1CronJobSpec { Schedule = "0 0 1 1 *", Suspend = true, JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template(name, "Never") } } },
    };

    /// <summary>A revision's data is mandatory, as upstream validates it.</summary>
    private static Dictionary<string, object> RevisionData() => new() { ["spec"] = new Dictionary<string, object>() };
}
