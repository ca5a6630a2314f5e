using System.Text;
using ChaosLab.ApiServer.Storage;
using ChaosLab.ApiServer.Tests.Support;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Pki;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>
/// Quota admission lets a create through without reading quotas when its watch-fed cache says the namespace has
/// none, and the create's etcd transaction checks that. These prove the check against real etcd, and that a quota
/// created on one API server is never bypassed by a create on another.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class QuotaGuardTests
{
    [Test]
    public async Task A_create_that_requires_an_empty_prefix_fails_and_writes_nothing_once_a_key_is_there()
    {
        var lab = await SharedLab.GetAsync();
        var paths = SharedLab.Paths;
        using var connection = new EtcdConnection([$"https://{lab.Find("cp-1")!.Address}:2379"], Path.Combine(paths.Pki, LabPki.EtcdCaFile),
            Path.Combine(paths.Pki, "etcd-admin.crt"), Path.Combine(paths.Pki, "etcd-admin.key"));
        var etcd = new EtcdStore(connection, TimeSpan.FromSeconds(10));
        var root = $"/chaoslab-test/guard-{Guid.NewGuid():N}/";
        var guarded = root + "quotas/";
        var value = Encoding.UTF8.GetBytes("{}");

        var first = await etcd.CreateAsync(root + "objects/a", value, null, [guarded], CancellationToken.None);
        await etcd.CreateAsync(guarded + "q", value);
        var refused = Assert.ThrowsAsync<StorageException>(() => etcd.CreateAsync(root + "objects/b", value, null, [guarded], CancellationToken.None));
        var existing = Assert.ThrowsAsync<StorageException>(() => etcd.CreateAsync(root + "objects/a", value, null, [guarded], CancellationToken.None));

        Assert.That(first, Is.GreaterThan(0));
        Assert.That(refused!.Error, Is.EqualTo(StorageError.GuardFailed));
        Assert.That(await etcd.GetAsync(root + "objects/b"), Is.Null, "a failed guard writes nothing");
        Assert.That(existing!.Error, Is.EqualTo(StorageError.KeyExists), "an existing key is still AlreadyExists");
        foreach (var key in new[] { root + "objects/a", guarded + "q" })
        {
            await etcd.DeleteAsync(key, 0);
        }
    }

    [Test]
    public async Task A_create_on_another_api_server_right_after_a_namespaces_first_quota_is_never_let_through_uncharged()
    {
        var lab = await SharedLab.GetAsync();
        using var first = RawApi.As(SharedLab.Paths, lab.Find("cp-1")!.Address.ToString(), "admin");
        using var second = RawApi.As(SharedLab.Paths, lab.Find("cp-2")!.Address.ToString(), "admin");
        for (var round = 0; round < 5; round++)
        {
            var ns = $"quota-guard-{round}";
            Assert.That((await first.SendAsync("POST", "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code, Is.EqualTo(201));
            // cp-2 has admitted a create here while the namespace had no quota: its cache knows the namespace as quota-free.
            var before = await second.SendAsync("POST", $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"before"}}""");
            Assert.That(before.Code, Is.EqualTo(201), before.Body);

            // A quota with no room for one more Secret, created on cp-1. As upstream, a quota limits creates once the
            // quota controller has filled in its status (hard and used); from then on a create on cp-2 right away,
            // while cp-2's cache may not have the quota yet, is charged and refused.
            var quota = await first.SendAsync("POST", $"/api/v1/namespaces/{ns}/resourcequotas", """{"metadata":{"name":"full"},"spec":{"hard":{"count/secrets":"1"}}}""");
            Assert.That(quota.Code, Is.EqualTo(201), quota.Body);
            await Waiter.UntilAsync("the quota controller to count the namespace's Secrets", TimeSpan.FromSeconds(60), async _ =>
            {
                var read = await first.SendAsync("GET", $"/api/v1/namespaces/{ns}/resourcequotas/full");
                return (read.Body.Contains("\"used\":{\"count/secrets\":\"1\"}", StringComparison.Ordinal), read.Body);
            });
            var after = await second.SendAsync("POST", $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"after"}}""");

            Assert.That(after.Code, Is.EqualTo(403), after.Body);
            Assert.That(after.Body, Does.Contain("exceeded quota: full"));
            await first.SendAsync("DELETE", $"/api/v1/namespaces/{ns}");
        }
    }
}
