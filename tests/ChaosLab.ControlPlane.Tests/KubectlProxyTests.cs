using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosLab.Lab;
using k8s;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// The proxy subresources through the real kubectl against the HA lab: `kubectl proxy` (on loopback) carries HTTP to a
/// ready endpoint of a Service and to a pod's port, `kubectl get --raw` reaches a node's kubelet, and the API server's
/// refusals are upstream's Status errors. Only the API server dials pods: the host talks to kubectl proxy on 127.0.0.1.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed partial class KubectlProxyTests
{
    private const string Ns = "proxy-sub";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartWorkloads()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.ApplyAsync(Manifest, Ns);
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
    public async Task Kubectl_proxy_carries_HTTP_to_a_service_and_to_a_pod()
    {
        await using var proxy = await BackgroundKubectl.StartAsync(_kubectl, ["proxy", "--port=0"], until: "Starting to serve on");
        var port = ServingPort().Match(proxy.Output).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };

        JsonObject? viaService = null;
        await Eventually.UntilAsync("the Service's endpoints answer through the proxy", TimeSpan.FromSeconds(120), async () =>
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/{Ns}/services/web:80/proxy/through-the-service");
            var body = await response.Content.ReadAsStringAsync();
            viaService = response.IsSuccessStatusCode ? JsonNode.Parse(body)?.AsObject() : null;
            return (viaService is not null, $"{(int)response.StatusCode} {body}");
        });
        Assert.That((string?)viaService!["path"], Does.StartWith("/through-the-service"));
        Assert.That((string?)viaService["pod"], Does.StartWith("web-"));

        JsonObject? viaPod = null;
        await Eventually.UntilAsync("the pod answers through the proxy", TimeSpan.FromSeconds(90), async () =>
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/{Ns}/pods/solo:8080/proxy/through-the-pod?q=1");
            var body = await response.Content.ReadAsStringAsync();
            viaPod = response.IsSuccessStatusCode ? JsonNode.Parse(body)?.AsObject() : null;
            return (viaPod is not null, $"{(int)response.StatusCode} {body}");
        });
        Assert.That(((string?)viaPod!["pod"], (string?)viaPod["path"]), Is.EqualTo(("solo", "/through-the-pod?q=1")).Or.EqualTo(("solo", "/through-the-pod")));

        // The proxy root without its slash is redirected to it, as upstream; HEAD carries headers only.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
        using var redirect = await noRedirect.GetAsync($"/api/v1/namespaces/{Ns}/pods/solo:8080/proxy");
        Assert.That((redirect.StatusCode, redirect.Headers.Location?.ToString()),
            Is.EqualTo((HttpStatusCode.MovedPermanently, $"/api/v1/namespaces/{Ns}/pods/solo:8080/proxy/")));
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/namespaces/{Ns}/pods/solo:8080/proxy/healthz"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Get_raw_reaches_a_nodes_kubelet()
    {
        var node = (await _client.CoreV1.ListNodeAsync()).Items.First().Metadata.Name;

        var healthz = await _kubectl.OkAsync("get", "--raw", $"/api/v1/nodes/{node}/proxy/healthz");

        Assert.That(healthz.Trim(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task A_service_without_ready_endpoints_is_503_and_a_missing_pod_404()
    {
        string stderr = "";
        await Eventually.UntilAsync("503 from a service whose pods never get ready", TimeSpan.FromSeconds(60), async () =>
        {
            stderr = (await _kubectl.RunAsync("get", "--raw", $"/api/v1/namespaces/{Ns}/services/unready:80/proxy/")).StandardError;
            return (stderr.Contains("ServiceUnavailable", StringComparison.Ordinal), stderr);
        });
        Assert.That(stderr, Does.Contain("Error from server (ServiceUnavailable): no endpoints available for service \"unready\""));

        var missing = await _kubectl.RunAsync("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/nope:8080/proxy/");
        Assert.That(missing.StandardError, Does.Contain("Error from server (NotFound): pods \"nope\" not found"));
        var badPort = await _kubectl.RunAsync("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/solo:http/proxy/");
        Assert.That(badPort.StandardError, Does.Contain("Error from server (BadRequest)"));
    }

    [Test]
    public async Task Port_forward_to_a_service_reaches_one_of_its_pods()
    {
        // kubectl picks a pod of the Service and forwards to the container port behind port 80.
        await Eventually.UntilAsync("the Service has a ready pod", TimeSpan.FromSeconds(120), async () =>
        {
            var endpoints = await _client.CoreV1.ReadNamespacedEndpointsAsync("web", Ns);
            return (endpoints.Subsets?.Any(s => s.Addresses?.Count > 0) == true, endpoints.Subsets?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no subsets");
        });
        await using var forward = await BackgroundKubectl.StartAsync(_kubectl,
            ["port-forward", "svc/web", "18081:80", "-n", Ns], until: "Forwarding from 127.0.0.1:18081");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };

        var reply = JsonNode.Parse(await http.GetStringAsync("http://127.0.0.1:18081/through-the-service-forward"))!;

        Assert.That((string?)reply["path"], Is.EqualTo("/through-the-service-forward"));
        Assert.That((string?)reply["pod"], Does.StartWith("web-"));
    }

    [GeneratedRegex(@"Starting to serve on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ServingPort();

    private const string Manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: echo
                image: chaoslab/echo
                imagePullPolicy: IfNotPresent
                ports:
                - containerPort: 8080
                readinessProbe:
                  httpGet:
                    path: /healthz
                    port: 8080
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
          - name: http
            port: 80
            targetPort: 8080
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: solo
        spec:
          containers:
          - name: echo
            image: chaoslab/echo
            imagePullPolicy: IfNotPresent
            ports:
            - containerPort: 8080
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: unready
          labels:
            app: unready
        spec:
          containers:
          - name: echo
            image: chaoslab/echo
            imagePullPolicy: IfNotPresent
            readinessProbe:
              httpGet:
                path: /never
                port: 9999
              periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: unready
        spec:
          selector:
            app: unready
          ports:
          - port: 80
            targetPort: 8080
        """;
}
