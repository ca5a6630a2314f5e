using System.Net;
using ChaosLab.ApiServer.Tests.Support;
using ChaosLab.TestSupport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>The official C# KubernetesClient against the bundled control plane: CRUD, watch order, optimistic concurrency.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ClientLibraryTests
{
    private Kubernetes _client = null!;
    private const string Ns = "client-lib";

    [OneTimeSetUp]
    public async Task Connect()
    {
        await SharedLab.GetAsync();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(SharedLab.Paths.Kubeconfig));
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
    }

    [OneTimeTearDown]
    public void Dispose() => _client?.Dispose();

    [Test]
    public async Task Create_get_list_update_and_delete_a_configmap()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "lib" } },
            Data = new Dictionary<string, string> { ["a"] = "1" },
        }, Ns);
        Assert.That(created.Metadata.Uid, Is.Not.Empty);
        Assert.That(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), Is.Positive);

        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", Ns);
        Assert.That(read.Data["a"], Is.EqualTo("1"));

        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: "app=lib");
        Assert.That(list.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "settings" }));

        read.Data["a"] = "2";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", Ns);
        Assert.That(updated.Metadata.ResourceVersion, Is.Not.EqualTo(read.Metadata.ResourceVersion));

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("settings", Ns);
        var ex = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", Ns))!;
        Assert.That(ex.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_stale_update_gets_409_conflict()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "stale" }, Data = new Dictionary<string, string> { ["v"] = "1" } }, Ns);
        var first = await _client.CoreV1.ReadNamespacedConfigMapAsync("stale", Ns);
        first.Data["v"] = "2";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "stale", Ns);

        created.Data["v"] = "3"; // still carries the old resourceVersion
        var ex = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "stale", Ns))!;
        Assert.That(ex.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.Response.Content, Does.Contain("the object has been modified"));
    }

    [Test]
    public async Task Creating_twice_gets_409_already_exists()
    {
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "twice" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, Ns);
        var ex = Assert.ThrowsAsync<HttpOperationException>(async () =>
            await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "twice" } }, Ns))!;
        Assert.That(ex.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.Response.Content, Does.Contain("AlreadyExists"));
    }

    [Test]
    public async Task A_watch_receives_added_modified_deleted_in_order()
    {
        var list = await _client.AppsV1.ListNamespacedDeploymentAsync(Ns);
        var events = new List<(WatchEventType Type, string Name, string Rv)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reader = Task.Run(async () =>
        {
            await foreach (var (type, d) in _client.AppsV1.WatchListNamespacedDeploymentAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token))
            {
                events.Add((type, d.Metadata.Name, d.Metadata.ResourceVersion));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });
        await Task.Delay(300);

        var deployment = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("watched"), Ns);
        await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "watched", Ns);
        await _client.AppsV1.DeleteNamespacedDeploymentAsync("watched", Ns);
        await reader.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();

        // The deployment controller writes status too, so there may be more than the one Modified of the scale.
        Assert.That(events.Select(e => e.Name), Is.All.EqualTo("watched"));
        Assert.That(events[0].Type, Is.EqualTo(WatchEventType.Added));
        Assert.That(events[^1].Type, Is.EqualTo(WatchEventType.Deleted));
        Assert.That(events.Skip(1).SkipLast(1).Select(e => e.Type), Is.Not.Empty.And.All.EqualTo(WatchEventType.Modified));
        var rvs = events.Select(e => long.Parse(e.Rv, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(rvs, Is.Ordered.Ascending);
        Assert.That(rvs[0], Is.EqualTo(long.Parse(deployment.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Deployment_defaults_scale_subresource_and_patch()
    {
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("defaults"), Ns);
        Assert.That(created.Spec.Strategy.Type, Is.EqualTo("RollingUpdate"));
        Assert.That(created.Spec.Strategy.RollingUpdate.MaxSurge.Value, Is.EqualTo("25%"));
        Assert.That(created.Spec.RevisionHistoryLimit, Is.EqualTo(10));

        // The deployment controller writes its revision annotation through the status subresource, as upstream's
        // does, so it is no change of the Deployment: wait for it, then the generation is still 1.
        await Eventually.UntilAsync("the deployment controller's revision annotation", TimeSpan.FromSeconds(20), async () =>
        {
            var d = await _client.AppsV1.ReadNamespacedDeploymentAsync("defaults", Ns);
            return (d.Metadata.Annotations?.ContainsKey("deployment.kubernetes.io/revision") == true, "not yet");
        });
        var before = (await _client.AppsV1.ReadNamespacedDeploymentAsync("defaults", Ns)).Metadata.Generation;
        Assert.That(before, Is.EqualTo(1), "a new Deployment's generation, after the controller annotated it");

        var scale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("defaults", Ns);
        Assert.That((scale.Spec.Replicas, scale.Status.Selector), Is.EqualTo((1, "app=defaults")));
        // A replace carries the resourceVersion it read: a status write of the deployment controller in
        // between is a 409, and a client reads again and retries, as kubectl scale does.
        for (var attempt = 1; ; attempt++)
        {
            scale.Spec.Replicas = 4;
            try
            {
                await _client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "defaults", Ns);
                break;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 5)
            {
                scale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("defaults", Ns);
            }
        }

        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"sre"}}}""", V1Patch.PatchType.StrategicMergePatch), "defaults", Ns);
        Assert.That(patched.Spec.Replicas, Is.EqualTo(4));
        Assert.That(patched.Metadata.Labels["team"], Is.EqualTo("sre"));
        Assert.That(patched.Metadata.Generation, Is.EqualTo(before + 1), "the scale bumps the generation, a label patch does not");
    }

    [Test]
    public async Task Services_get_a_cluster_ip_from_the_range_and_release_it()
    {
        var svc = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "lib-svc" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "x" }, Ports = [new V1ServicePort { Port = 80 }] },
        }, Ns);
        Assert.That(svc.Spec.ClusterIP, Does.StartWith("10.96."));
        Assert.That(svc.Spec.Ports[0].TargetPort.Value, Is.EqualTo("80"));

        var clash = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "lib-svc-2" },
            Spec = new V1ServiceSpec { ClusterIP = svc.Spec.ClusterIP, Ports = [new V1ServicePort { Port = 80 }] },
        }, Ns))!;
        Assert.That((int)clash.Response.StatusCode, Is.EqualTo(422));
        Assert.That(clash.Response.Content, Does.Contain("already allocated"));

        await _client.CoreV1.DeleteNamespacedServiceAsync("lib-svc", Ns);
        var reuse = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "lib-svc-3" },
            Spec = new V1ServiceSpec { ClusterIP = svc.Spec.ClusterIP, Ports = [new V1ServicePort { Port = 80 }] },
        }, Ns);
        Assert.That(reuse.Spec.ClusterIP, Is.EqualTo(svc.Spec.ClusterIP));
    }

    [Test]
    public async Task Pods_get_default_tolerations_from_the_profile()
    {
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { GenerateName = "tol-" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "chaoslab/pause" }] },
        }, Ns);
        Assert.That(pod.Metadata.Name, Does.StartWith("tol-").And.Length.EqualTo(9));
        var unreachable = pod.Spec.Tolerations.Single(t => t.Key == "node.kubernetes.io/unreachable");
        Assert.That(unreachable.TolerationSeconds, Is.EqualTo(10), "fast profile: 10 s");
        Assert.That(pod.Spec.ServiceAccountName, Is.EqualTo("default"));
    }

    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "echo", Image = "chaoslab/echo" }] },
            },
        },
    };
}
