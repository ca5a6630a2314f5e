using ChaosLab.Lab;
using k8s;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13's acceptance: a Role bound to a ServiceAccount lets a pod list pods in its namespace and nothing else, via
/// in-cluster config. The pod runs as the account; from inside it `chaoslab-echo kube-get`/`kube-post` take
/// KUBERNETES_SERVICE_HOST/PORT and the projected token and ca.crt, as the official clients' in-cluster config does.
/// A pod with automountServiceAccountToken false has no credentials at all.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class InClusterRbacTests
{
    private const string Ns = "incluster-a";
    private const string OtherNs = "incluster-b";
    private const string Account = "pod-lister";
    private const string User = $"system:serviceaccount:{Ns}:{Account}";
    private const string Client = "/opt/chaoslab/echo/chaoslab-echo";
    private const string CredentialsDir = "/var/run/secrets/kubernetes.io/serviceaccount";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartPodsWithAndWithoutCredentials()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", OtherNs);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.ApplyAsync(AccountRoleAndBinding, Ns);
        await _kubectl.ApplyAsync(Pods, Ns);
        await Eventually.UntilAsync($"both pods running in {Ns}", TimeSpan.FromSeconds(90), async () =>
        {
            var pods = (await _client.CoreV1.ListNamespacedPodAsync(Ns)).Items;
            var running = pods.Count(p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null);
            return (running == 2, string.Join(", ", pods.Select(p => $"{p.Metadata.Name} {p.Status?.Phase}")));
        });
    }

    [OneTimeTearDown]
    public async Task RemoveNamespaces()
    {
        if (_kubectl is not null)
        {
            foreach (var ns in new[] { Ns, OtherNs })
            {
                await _kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
            }
            _kubectl.Dispose();
        }
        _client?.Dispose();
    }

    [Test, Order(1)]
    public async Task The_pod_lists_pods_in_its_own_namespace()
    {
        var answer = await FromClientAsync("kube-get", $"/api/v1/namespaces/{Ns}/pods");

        Assert.That(answer, Does.StartWith("HTTP 200\n"));
        Assert.That(answer, Does.Contain("\"kind\":\"PodList\"").And.Contain("\"name\":\"client\"").And.Contain("\"name\":\"quiet\""));
    }

    [Test, Order(2)]
    public async Task The_pod_gets_a_single_pod_by_name()
    {
        var answer = await FromClientAsync("kube-get", $"/api/v1/namespaces/{Ns}/pods/quiet");

        Assert.That(answer, Does.StartWith("HTTP 200\n").And.Contain("\"kind\":\"Pod\""));
    }

    [TestCase($"/api/v1/namespaces/{OtherNs}/pods", "list", "pods", $"in the namespace \\\"{OtherNs}\\\"", TestName = "Pods of another namespace are forbidden")]
    [TestCase("/api/v1/pods", "list", "pods", "at the cluster scope", TestName = "Pods of all namespaces are forbidden")]
    [TestCase($"/api/v1/namespaces/{Ns}/secrets", "list", "secrets", $"in the namespace \\\"{Ns}\\\"", TestName = "Secrets of its own namespace are forbidden")]
    [TestCase($"/apis/apps/v1/namespaces/{Ns}/deployments", "list", "deployments", $"in the namespace \\\"{Ns}\\\"", TestName = "Deployments of its own namespace are forbidden")]
    [Order(3)]
    public async Task Anything_else_it_reads_is_403_naming_the_account(string path, string verb, string resource, string scope)
    {
        var answer = await FromClientAsync("kube-get", path);

        Assert.That(answer, Does.StartWith("HTTP 403\n"));
        Assert.That(answer, Does.Contain($"User \\\"{User}\\\" cannot {verb} resource \\\"{resource}\\\"").And.Contain(scope));
    }

    [Test, Order(4)]
    public async Task Creating_a_pod_in_its_own_namespace_is_403_and_creates_nothing()
    {
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"intruder"},"spec":{"containers":[{"name":"echo","image":"chaoslab/echo"}]}}""";

        var answer = await FromClientAsync("kube-post", $"/api/v1/namespaces/{Ns}/pods", pod);

        Assert.That(answer, Does.StartWith("HTTP 403\n"));
        Assert.That(answer, Does.Contain($"User \\\"{User}\\\" cannot create resource \\\"pods\\\""));
        var names = (await _client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Select(p => p.Metadata.Name);
        Assert.That(names, Is.EquivalentTo(new[] { "client", "quiet" }));
    }

    [Test, Order(5)]
    public async Task A_pod_that_opts_out_of_the_token_has_no_credentials()
    {
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("quiet", Ns);
        Assert.That(pod.Spec.Volumes?.Select(v => v.Name) ?? [], Has.None.StartsWith("kube-api-access-"));

        var listing = await _kubectl.RunAsync("exec", "quiet", "-n", Ns, "--", "ls", CredentialsDir);
        Assert.That(listing.ExitCode, Is.Not.Zero, $"{CredentialsDir} should not exist: {listing.StandardOutput}");

        var request = await _kubectl.RunAsync("exec", "quiet", "-n", Ns, "--", Client, "kube-get", $"/api/v1/namespaces/{Ns}/pods");
        Assert.That(request.ExitCode, Is.Not.Zero);
        Assert.That(request.StandardError, Does.Contain("no service account token"), "the in-cluster client finds no token to send");
    }

    [Test, Order(6)]
    public async Task Removing_the_RoleBinding_takes_the_permission_away()
    {
        await _kubectl.OkAsync("delete", "rolebinding", "pod-lister-reads-pods", "-n", Ns);

        await Eventually.UntilAsync("the pod's list refused once its binding is gone", TimeSpan.FromSeconds(30), async () =>
        {
            var answer = await FromClientAsync("kube-get", $"/api/v1/namespaces/{Ns}/pods");
            return (answer.StartsWith("HTTP 403\n", StringComparison.Ordinal), answer.Split('\n')[0]);
        }, intervalMs: 1000);
    }

    private Task<string> FromClientAsync(params string[] command) => _kubectl.OkAsync(["exec", "client", "-n", Ns, "--", Client, .. command]);

    private const string AccountRoleAndBinding = $"""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: {Account}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: pod-reader
        rules:
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["get", "list"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: pod-lister-reads-pods
        subjects:
        - kind: ServiceAccount
          name: {Account}
          namespace: {Ns}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: pod-reader
        """;

    private const string Pods = $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
        spec:
          serviceAccountName: {Account}
          containers:
          - name: echo
            image: chaoslab/echo
            imagePullPolicy: IfNotPresent
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: quiet
        spec:
          serviceAccountName: {Account}
          automountServiceAccountToken: false
          containers:
          - name: echo
            image: chaoslab/echo
            imagePullPolicy: IfNotPresent
        """;
}
