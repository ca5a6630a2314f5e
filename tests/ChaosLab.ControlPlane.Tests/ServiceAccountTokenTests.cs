using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13: service-account tokens end to end against the HA lab (every API server verifies what another issued).
/// `kubectl create token` gives a token kubectl authenticates with, without a client certificate; a pod gets the
/// token, ca.crt and namespace at /var/run/secrets/kubernetes.io/serviceaccount and KUBERNETES_SERVICE_HOST, and
/// from inside it an in-cluster client (chaoslab-echo kube-get) reaches the API server as the pod's service
/// account; a token bound to a pod stops working once the pod is deleted. Until RBAC grants the service account
/// anything, its requests are 403 naming it: that is the proof that it was authenticated (a bad token is 401).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ServiceAccountTokenTests
{
    private const string Ns = "sa-tokens";
    private const string CredentialsDir = "/var/run/secrets/kubernetes.io/serviceaccount";
    private const string User = $"system:serviceaccount:{Ns}:default";

    // What kubectl says for a 401.
    private const string Unauthorized = "the server has asked for the client to provide credentials";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;
    private string _server = "";
    private string _caFile = "";

    [OneTimeSetUp]
    public async Task StartEchoPod()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        var paths = LabPaths.For(lab.Name);
        _kubectl = new KubectlCli(paths.Kubeconfig);
        _server = KubernetesClientConfiguration.BuildConfigFromConfigFile(paths.Kubeconfig).Host;
        _caFile = Path.Combine(paths.Pki, "ca.crt");
        await _kubectl.OkAsync("create", "namespace", Ns);
        await Eventually.UntilAsync($"ServiceAccount {Ns}/default", TimeSpan.FromSeconds(10), async () =>
        {
            var found = (await _client.CoreV1.ListNamespacedServiceAccountAsync(Ns)).Items.Any(sa => sa.Metadata.Name == "default");
            return (found, found ? "present" : "absent");
        });
        await _kubectl.OkAsync("run", "echo", "--image=chaoslab/echo", "-n", Ns);
        await Eventually.UntilAsync("the echo pod running", TimeSpan.FromSeconds(90), async () =>
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync("echo", Ns);
            var running = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null;
            return (running, $"{pod.Status?.Phase}: {string.Join("; ", pod.Status?.Conditions?.Select(c => $"{c.Type}={c.Status} {c.Message}") ?? [])}");
        });
    }

    [OneTimeTearDown]
    public async Task Dispose()
    {
        if (_kubectl is not null)
        {
            await _kubectl.RunAsync("delete", "namespace", Ns, "--wait=false");
            _kubectl.Dispose();
        }
        _client?.Dispose();
    }

    [Test, Order(1)]
    public async Task Kubectl_create_token_gives_a_token_that_authenticates_as_the_service_account()
    {
        var token = (await _kubectl.OkAsync("create", "token", "default", "-n", Ns, "--duration=10m")).Trim();
        Assert.That(token.Split('.'), Has.Length.EqualTo(3), "a compact JWS");

        var asAccount = await WithTokenAsync(token, "get", "pods", "-n", Ns);
        Assert.That(asAccount.StandardError, Does.Contain($"User \"{User}\""), "authenticated as the service account (RBAC decides what it may do)");
        Assert.That(asAccount.StandardError, Does.Not.Contain(Unauthorized));

        var tampered = await WithTokenAsync(token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA"), "get", "pods", "-n", Ns);
        Assert.That(tampered.StandardError, Does.Contain(Unauthorized));
    }

    [Test, Order(2)]
    public async Task A_too_short_token_request_is_422()
    {
        var result = await _kubectl.RunAsync("create", "token", "default", "-n", Ns, "--duration=5m");
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain("may not specify a duration less than 10 minutes"));
    }

    [Test, Order(3)]
    public async Task A_pod_has_its_credentials_and_the_API_servers_address()
    {
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("echo", Ns);
        Assert.That(pod.Spec.ServiceAccountName, Is.EqualTo("default"));
        Assert.That(pod.Spec.Volumes.Select(v => v.Name), Has.Some.Match("^kube-api-access-"));

        Assert.That(await ExecAsync("ls", CredentialsDir), Is.EqualTo("ca.crt\nnamespace\ntoken\n"));
        Assert.That(await ExecAsync("cat", $"{CredentialsDir}/namespace"), Is.EqualTo(Ns));
        Assert.That(await ExecAsync("cat", $"{CredentialsDir}/ca.crt"), Is.EqualTo(await File.ReadAllTextAsync(_caFile)));
        var kubernetes = await _client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default");
        Assert.That(await ExecAsync("printenv", "KUBERNETES_SERVICE_HOST"), Is.EqualTo(kubernetes.Spec.ClusterIP + "\n"));
        Assert.That(await ExecAsync("printenv", "KUBERNETES_SERVICE_PORT"), Is.EqualTo("443\n"));
    }

    [Test, Order(4)]
    public async Task From_inside_the_pod_an_in_cluster_client_reaches_the_API_as_the_pods_service_account()
    {
        var answer = await ExecAsync("/opt/chaoslab/echo/chaoslab-echo", "kube-get", $"/api/v1/namespaces/{Ns}/pods");
        Assert.That(answer, Does.StartWith("HTTP 403\n"), "authenticated (not 401); RBAC decides the rest");
        Assert.That(answer, Does.Contain(User), "the 403 names the pod's service account");
    }

    [Test, Order(5)]
    public async Task A_token_bound_to_a_pod_stops_working_when_the_pod_is_deleted()
    {
        var bound = (await _kubectl.OkAsync("create", "token", "default", "-n", Ns, "--bound-object-kind=Pod", "--bound-object-name=echo")).Trim();
        var projected = (await ExecAsync("cat", $"{CredentialsDir}/token")).Trim();
        Assert.That((await WithTokenAsync(bound, "get", "pods", "-n", Ns)).StandardError, Does.Contain($"User \"{User}\""));
        Assert.That((await WithTokenAsync(projected, "get", "pods", "-n", Ns)).StandardError, Does.Contain($"User \"{User}\""));

        await _kubectl.OkAsync("delete", "pod", "echo", "-n", Ns, "--grace-period=0", "--force");
        await Eventually.UntilAsync("the pod gone", TimeSpan.FromSeconds(30), async () =>
        {
            var left = (await _client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Count;
            return (left == 0, $"{left} pods");
        });

        Assert.That((await WithTokenAsync(bound, "get", "pods", "-n", Ns)).StandardError, Does.Contain(Unauthorized));
        Assert.That((await WithTokenAsync(projected, "get", "pods", "-n", Ns)).StandardError, Does.Contain(Unauthorized));
    }

    /// <summary>kubectl with the token as its only credential: no kubeconfig, the lab's API address and CA.</summary>
    private async Task<CliWrap.Buffered.BufferedCommandResult> WithTokenAsync(string token, params string[] args)
    {
        using var kubectl = new KubectlCli("/dev/null");
        return await kubectl.RunAsync([$"--server={_server}", $"--certificate-authority={_caFile}", $"--token={token}", .. args]);
    }

    private Task<string> ExecAsync(params string[] command) => _kubectl.OkAsync(["exec", "echo", "-n", Ns, "--", .. command]);
}
