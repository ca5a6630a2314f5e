using Bogus;
using ChaosLab.Harness.Clusters;
using k8s;
using k8s.Models;

namespace ChaosLab.Harness.Drivers;

/// <summary>Deployments, pods and services of a scenario's namespace, through the Kubernetes API only.</summary>
public sealed class WorkloadDriver(IKubernetes api, string ns)
{
    private static readonly Faker Faker = new();

    public string Namespace => ns;

    public async Task CreateNamespaceAsync(CancellationToken ct = default) =>
        await api.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta
            {
                Name = ns,
                // Varied, realistic metadata: the API must store and return it unchanged.
                Labels = new Dictionary<string, string> { ["chaoslab.io/scenario"] = "true", ["team"] = Faker.Hacker.Noun().Replace(' ', '-') },
                Annotations = new Dictionary<string, string> { ["description"] = Faker.Company.CatchPhrase() },
            },
        }, cancellationToken: ct);

    public async Task DeleteNamespaceAsync(CancellationToken ct = default)
    {
        try
        {
            await api.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    public async Task CreateDeploymentAsync(string name, int replicas, string image, CancellationToken ct = default) =>
        await api.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = Labels(name) },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = Labels(name) },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Labels(name) }, Spec = PodSpec(image) },
            },
        }, ns, cancellationToken: ct);

    /// <summary>A single pod with the app's labels (so a Service selects it).</summary>
    public async Task CreatePodAsync(string name, string app, string image, CancellationToken ct = default) =>
        await api.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = Labels(app) },
            Spec = PodSpec(image),
        }, ns, cancellationToken: ct);

    /// <summary>The container of every pod made here.</summary>
    public const string Container = "main";

    /// <summary>While this file exists in its container, the echo server answers /ready with 503.</summary>
    public const string UnreadyFile = "/tmp/unready";

    public async Task CreateServiceAsync(string name, CancellationToken ct = default) =>
        await api.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ServiceSpec
            {
                Selector = Labels(name),
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080, Protocol = "TCP" }],
            },
        }, ns, cancellationToken: ct);

    public async Task ScaleAsync(string name, int replicas, CancellationToken ct = default) =>
        await api.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), name, ns, cancellationToken: ct);

    /// <summary>Pods of the app that are Running and Ready, not terminating.</summary>
    public async Task<IReadOnlyList<V1Pod>> ReadyPodsAsync(string app, CancellationToken ct = default) =>
        (await api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"app={app}", cancellationToken: ct)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running"
                && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
            .ToList();

    public async Task<V1Pod> PodAsync(string name, CancellationToken ct = default) =>
        await api.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct);

    /// <summary>Worker nodes (those running a kubelet, i.e. Node objects) ordered by how many of the app's ready pods each runs.</summary>
    public async Task<IReadOnlyList<(string Node, int Pods)>> NodesByPodCountAsync(string app, CancellationToken ct = default)
    {
        var pods = await ReadyPodsAsync(app, ct);
        var nodes = (await api.CoreV1.ListNodeAsync(cancellationToken: ct)).Items.Select(n => n.Metadata.Name);
        return nodes.Select(n => (Node: n, Pods: pods.Count(p => p.Spec.NodeName == n)))
            .OrderByDescending(x => x.Pods).ThenBy(x => x.Node, StringComparer.Ordinal).ToList();
    }

    /// <summary>Pod names behind a Service's ready endpoints (EndpointSlices).</summary>
    public async Task<(IReadOnlyList<string> Ready, IReadOnlyList<string> NotReady)> EndpointsAsync(string service, CancellationToken ct = default)
    {
        var slices = await api.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: $"kubernetes.io/service-name={service}", cancellationToken: ct);
        var endpoints = slices.Items.SelectMany(s => s.Endpoints ?? []).ToList();
        static string Name(V1Endpoint e) => e.TargetRef?.Name ?? string.Join(",", e.Addresses);
        return (endpoints.Where(e => e.Conditions?.Ready != false).Select(Name).ToList(),
                endpoints.Where(e => e.Conditions?.Ready == false).Select(Name).ToList());
    }

    public async Task<V1Service> ServiceAsync(string name, CancellationToken ct = default) =>
        await api.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct);

    private static Dictionary<string, string> Labels(string app) => new() { ["app"] = app };

    private static V1PodSpec PodSpec(string image) => new()
    {
        TerminationGracePeriodSeconds = 2,
        Containers =
        [
            new V1Container
            {
                Name = Container,
                Image = CatalogImages.Resolve(image, CatalogImages.Prefix),
                Ports = image == "chaoslab/echo" ? [new V1ContainerPort { ContainerPort = 8080 }] : null,
                ReadinessProbe = image == "chaoslab/echo"
                    ? new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/ready", Port = 8080 }, PeriodSeconds = 1, FailureThreshold = 1 }
                    : null,
            },
        ],
    };
}
