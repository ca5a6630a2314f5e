using ChaosLab.ControllerManager.ServiceAccounts;
using k8s;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.ServiceAccounts.NamespaceServiceAccountsTests;

namespace ChaosLab.ControllerManager.Tests.ServiceAccounts;

/// <summary>The whole controller against <see cref="FakeCoreApi"/>: what it creates, in reaction to which events.</summary>
[Category("Unit")]
public class ServiceAccountsControllerTests
{
    private FakeCoreApi _api = null!;
    private Kubernetes _client = null!;
    private CancellationTokenSource _stop = null!;
    private ServiceAccountsController? _controller;
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
    public void Existing_and_new_namespaces_get_a_default_ServiceAccount()
    {
        _api.Put("namespaces", Namespace("existing"));
        Start();
        Assert.That(() => DefaultIn("existing"), Is.Not.Null.After(5000, 20));

        _api.Put("namespaces", Namespace("new"));

        Assert.That(() => DefaultIn("new"), Is.Not.Null.After(5000, 20));
    }

    [Test]
    public void A_deleted_default_ServiceAccount_is_created_again()
    {
        _api.Put("namespaces", Namespace("team-a"));
        Start();
        Assert.That(() => DefaultIn("team-a"), Is.Not.Null.After(5000, 20));

        _api.Delete("serviceaccounts", "team-a/default");

        Assert.That(() => CreatesIn("team-a"), Is.EqualTo(2).After(5000, 20));
        Assert.That(DefaultIn("team-a"), Is.Not.Null);
    }

    [Test]
    public void Namespaces_that_have_one_or_are_being_deleted_get_no_create()
    {
        _api.Put("namespaces", Namespace("has-one"));
        _api.Put("serviceaccounts", new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "default", NamespaceProperty = "has-one" } });
        var terminating = Namespace("terminating", "Terminating");
        terminating.Metadata.DeletionTimestamp = TestObjects.Now.UtcDateTime;
        _api.Put("namespaces", terminating);
        Start();

        // One worker takes namespaces in order: once a later one is served, the earlier ones were looked at.
        _api.Put("namespaces", Namespace("later"));
        Assert.That(() => DefaultIn("later"), Is.Not.Null.After(5000, 20));

        Assert.That(_api.Writes, Is.EqualTo(new[] { "POST serviceaccounts later/default" }));
    }

    [Test]
    public void A_namespace_that_starts_terminating_gets_no_new_ServiceAccount()
    {
        _api.Put("namespaces", Namespace("team-a"));
        Start();
        Assert.That(() => DefaultIn("team-a"), Is.Not.Null.After(5000, 20));
        var terminating = Namespace("team-a", "Terminating");
        terminating.Metadata.DeletionTimestamp = TestObjects.Now.UtcDateTime;
        _api.Put("namespaces", terminating);

        _api.Delete("serviceaccounts", "team-a/default");
        _api.Put("namespaces", Namespace("later"));

        Assert.That(() => DefaultIn("later"), Is.Not.Null.After(5000, 20));
        Assert.That(DefaultIn("team-a"), Is.Null);
    }

    private void Start()
    {
        var context = FakeCoreApi.Context(_client);
        _controller = new ServiceAccountsController(context);
        _run = Task.WhenAll(context.Informers.Start(_stop.Token), _controller.RunAsync(_stop.Token));
    }

    private V1ServiceAccount? DefaultIn(string ns) => _api.Get<V1ServiceAccount>("serviceaccounts", $"{ns}/default");

    private int CreatesIn(string ns) => _api.Writes.Count(w => w == $"POST serviceaccounts {ns}/default");
}
