using ChaosLab.ControllerManager.RootCaCertPublisher;
using k8s;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.ServiceAccounts.NamespaceServiceAccountsTests;

namespace ChaosLab.ControllerManager.Tests.RootCaCertPublisher;

/// <summary>The whole publisher against <see cref="FakeCoreApi"/>: what it writes, in reaction to which events.</summary>
[Category("Unit")]
public class RootCaCertPublisherControllerTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private FakeCoreApi _api = null!;
    private Kubernetes _client = null!;
    private CancellationTokenSource _stop = null!;
    private RootCaCertPublisherController? _controller;
    private Task _run = Task.CompletedTask;

    [SetUp]
    public void SetUp()
    {
        _api = new FakeCoreApi();
        _client = _api.Client();
        _stop = new CancellationTokenSource();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _controller?.Dispose();
        _client.Dispose();
        _api.Dispose();
        _stop.Dispose();
    }

    [Test]
    public void Existing_and_new_namespaces_get_the_CA()
    {
        _api.Put("namespaces", Namespace("existing"));
        Start();
        Assert.That(() => CaIn("existing"), Is.EqualTo(Ca).After(5000, 20));

        _api.Put("namespaces", Namespace("new"));

        Assert.That(() => CaIn("new"), Is.EqualTo(Ca).After(5000, 20));
        Assert.That(ConfigMapIn("new")!.Metadata.Annotations["kubernetes.io/description"], Is.EqualTo(RootCaConfigMap.Description));
    }

    [Test]
    public void A_deleted_ConfigMap_is_published_again()
    {
        _api.Put("namespaces", Namespace("team-a"));
        Start();
        Assert.That(() => CaIn("team-a"), Is.EqualTo(Ca).After(5000, 20));

        _api.Delete("configmaps", "team-a/kube-root-ca.crt");

        Assert.That(() => _api.Writes.Count(w => w == "POST configmaps team-a/kube-root-ca.crt"), Is.EqualTo(2).After(5000, 20));
        Assert.That(CaIn("team-a"), Is.EqualTo(Ca));
    }

    [Test]
    public void Changed_data_is_put_back()
    {
        _api.Put("namespaces", Namespace("team-a"));
        Start();
        Assert.That(() => CaIn("team-a"), Is.EqualTo(Ca).After(5000, 20));
        var tampered = ConfigMapIn("team-a")!;
        tampered.Data["ca.crt"] = "someone else's CA";
        tampered.Data["extra"] = "x";

        _api.Put("configmaps", tampered);

        Assert.That(() => ConfigMapIn("team-a")!.Data, Is.EqualTo(new Dictionary<string, string> { ["ca.crt"] = Ca }).After(5000, 20));
        Assert.That(_api.Writes, Does.Contain("PUT configmaps team-a/kube-root-ca.crt"));
    }

    [Test]
    public void Published_or_terminating_namespaces_get_no_write_and_other_ConfigMaps_are_not_watched()
    {
        _api.Put("namespaces", Namespace("published"));
        _api.Put("configmaps", RootCaConfigMap.New("published", Ca));
        _api.Put("configmaps", new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "app-settings", NamespaceProperty = "published" } });
        var terminating = Namespace("terminating", "Terminating");
        terminating.Metadata.DeletionTimestamp = TestObjects.Now.UtcDateTime;
        _api.Put("namespaces", terminating);
        Start();

        // One worker takes namespaces in order: once a later one is served, the earlier ones were looked at.
        _api.Put("namespaces", Namespace("later"));
        Assert.That(() => CaIn("later"), Is.EqualTo(Ca).After(5000, 20));
        _api.Put("configmaps", new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "app-settings", NamespaceProperty = "published" }, Data = new Dictionary<string, string> { ["a"] = "b" } });
        _api.Put("namespaces", Namespace("last"));
        Assert.That(() => CaIn("last"), Is.EqualTo(Ca).After(5000, 20));

        Assert.That(_api.Writes, Is.EqualTo(new[] { "POST configmaps later/kube-root-ca.crt", "POST configmaps last/kube-root-ca.crt" }));
    }

    private void Start()
    {
        var context = FakeCoreApi.Context(_client);
        _controller = new RootCaCertPublisherController(context, Ca);
        _run = Task.WhenAll(context.Informers.Start(_stop.Token), _controller.RunAsync(_stop.Token));
    }

    private V1ConfigMap? ConfigMapIn(string ns) => _api.Get<V1ConfigMap>("configmaps", $"{ns}/kube-root-ca.crt");

    private string? CaIn(string ns) => ConfigMapIn(ns)?.Data?["ca.crt"];
}
