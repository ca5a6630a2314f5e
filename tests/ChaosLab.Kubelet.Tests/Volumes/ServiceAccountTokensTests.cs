using ChaosLab.Kubelet.Tests.Support;
using ChaosLab.Kubelet.Volumes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class ServiceAccountTokensTests
{
    private readonly List<(string Ns, string Account, Authenticationv1TokenRequest Body)> _requests = [];
    private Clock _clock = null!;
    private bool _apiDown;

    [SetUp]
    public void Reset()
    {
        _requests.Clear();
        _apiDown = false;
        _clock = new Clock(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public async Task A_token_is_bound_to_the_pod_and_kept_until_80_percent_of_its_lifetime()
    {
        var tokens = Tokens();
        var first = await tokens.GetAsync(Pod(), Projection(3607), default);

        var asked = _requests.Single();
        Assert.That((asked.Ns, asked.Account), Is.EqualTo(("shop", "robot")));
        Assert.That(asked.Body.Spec.BoundObjectRef.Kind, Is.EqualTo("Pod"));
        Assert.That((asked.Body.Spec.BoundObjectRef.Name, asked.Body.Spec.BoundObjectRef.Uid), Is.EqualTo(("web", "uid-1")));
        Assert.That(asked.Body.Spec.ExpirationSeconds, Is.EqualTo(3607));
        Assert.That(asked.Body.Spec.Audiences, Is.Empty, "no audience: the API server's own");

        _clock.Now += TimeSpan.FromSeconds(3607 * 0.8 - 1);
        Assert.That(await tokens.GetAsync(Pod(), Projection(3607), default), Is.EqualTo(first));
        Assert.That(_requests, Has.Count.EqualTo(1));

        _clock.Now += TimeSpan.FromSeconds(2);
        var second = await tokens.GetAsync(Pod(), Projection(3607), default);
        Assert.That(second.Token, Is.Not.EqualTo(first.Token));
        Assert.That(_requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_failed_refresh_keeps_the_token_while_it_is_valid_and_then_fails_the_volume()
    {
        var tokens = Tokens();
        var first = await tokens.GetAsync(Pod(), Projection(600), default);
        _apiDown = true;

        _clock.Now += TimeSpan.FromSeconds(590);
        Assert.That(await tokens.GetAsync(Pod(), Projection(600), default), Is.EqualTo(first));
        _clock.Now += TimeSpan.FromSeconds(20);
        Assert.ThrowsAsync<VolumeSetUpException>(() => tokens.GetAsync(Pod(), Projection(600), default));
    }

    [Test]
    public async Task The_projected_volume_holds_the_token_at_its_path_and_a_new_one_after_a_refresh()
    {
        var root = Directory.CreateTempSubdirectory("kubelet-root-").FullName;
        try
        {
            var volumes = new PodVolumes(new VolumeLayout(root), new FakeReferencedObjects(), new FakeHostMounts(), NullLogger.Instance, Tokens());
            var pod = Pod();
            pod.Spec.Volumes = [new V1Volume { Name = "kube-api-access-abcde", Projected = new V1ProjectedVolumeSource { DefaultMode = 420, Sources = [new V1VolumeProjection { ServiceAccountToken = Projection(3607) }] } }];

            var setUp = await volumes.SetUpAsync(pod, default);
            var file = Path.Combine(setUp.Volumes["kube-api-access-abcde"].HostPath, "token");
            Assert.That(File.ReadAllText(file), Is.EqualTo("token-1"));

            _clock.Now += TimeSpan.FromSeconds(3000);
            await volumes.SetUpAsync(pod, default);
            Assert.That(File.ReadAllText(file), Is.EqualTo("token-2"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Refresh_is_due_at_80_percent_or_after_a_day()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(10);
        Assert.That(ServiceAccountTokens.NeedsRefresh(new IssuedToken("t", now.AddSeconds(1000)), 1000, now), Is.False);
        Assert.That(ServiceAccountTokens.NeedsRefresh(new IssuedToken("t", now.AddSeconds(200)), 1000, now), Is.True);
        Assert.That(ServiceAccountTokens.NeedsRefresh(new IssuedToken("t", now.AddDays(1)), 10 * 86400, now.AddDays(-8.5)), Is.False);
        Assert.That(ServiceAccountTokens.NeedsRefresh(new IssuedToken("t", now.AddDays(9)), 10 * 86400, now.AddDays(0.5)), Is.True, "older than 24 h");
    }

    private ServiceAccountTokens Tokens() => new((ns, name, body, _) =>
    {
        if (_apiDown)
        {
            throw new HttpRequestException("connection refused");
        }
        _requests.Add((ns, name, body));
        return Task.FromResult(new Authenticationv1TokenRequest
        {
            Spec = body.Spec,
            Status = new V1TokenRequestStatus { Token = $"token-{_requests.Count}", ExpirationTimestamp = _clock.Now.AddSeconds(body.Spec.ExpirationSeconds!.Value).UtcDateTime },
        });
    }, _clock);

    private static V1ServiceAccountTokenProjection Projection(long seconds) => new() { ExpirationSeconds = seconds, Path = "token" };

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Uid = "uid-1" },
        Spec = new V1PodSpec { ServiceAccountName = "robot", Containers = [new V1Container { Name = "app", Image = "x" }] },
    };

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
