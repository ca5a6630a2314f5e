using System.Diagnostics;
using ChaosLab.ApiServer.Tests.Support;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.NodeApi;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>With two of three etcd members stopped, writes fail with a clear 5xx within the request timeout and
/// /readyz names etcd; once they are back, writes succeed and nothing acknowledged is missing.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class EtcdQuorumTests
{
    [Test]
    public async Task Losing_quorum_fails_writes_clearly_and_recovery_keeps_every_acknowledged_write()
    {
        var lab = await SharedLab.GetAsync();
        var cp1 = lab.Find("cp-1")!;
        using var api = RawApi.As(SharedLab.Paths, cp1.Address.ToString(), "admin");
        await api.SendAsync("POST", "/api/v1/namespaces", """{"metadata":{"name":"quorum"}}""");
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (code, _) = await api.SendAsync("POST", "/api/v1/namespaces/quorum/configmaps", $$$"""{"metadata":{"name":"before-{{{i}}}"}}""");
            Assert.That(code, Is.EqualTo(201));
            acknowledged.Add($"before-{i}");
        }

        using var supervisors = new SupervisorClient(SharedLab.Paths);
        var stopped = new[] { lab.Find("cp-2")!, lab.Find("cp-3")! };
        foreach (var node in stopped)
        {
            await supervisors.ActAsync(node, "etcd", ComponentActions.Stop);
        }
        try
        {
            var watch = Stopwatch.StartNew();
            var (code, body) = await api.SendAsync("POST", "/api/v1/namespaces/quorum/configmaps", """{"metadata":{"name":"during"}}""");
            var elapsed = watch.Elapsed;
            Assert.That(code, Is.InRange(500, 599), body);
            Assert.That(body, Does.Contain("\"kind\":\"Status\"").And.Contain("etcd"));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the write must fail within the request timeout");

            var ready = await api.SendAsync("GET", "/readyz?verbose");
            Assert.That(ready.Code, Is.EqualTo(500));
            Assert.That(ready.Body, Does.Contain("[-]etcd failed"));
        }
        finally
        {
            foreach (var node in stopped)
            {
                await supervisors.ActAsync(node, "etcd", ComponentActions.Start);
            }
        }

        await Waiter.UntilAsync("a write after quorum is back", TimeSpan.FromSeconds(60), async _ =>
        {
            var (code, body) = await api.SendAsync("POST", "/api/v1/namespaces/quorum/configmaps", """{"metadata":{"name":"after"}}""");
            return (code is 201 or 409, $"{code} {body}");
        });
        var (listCode, list) = await api.SendAsync("GET", "/api/v1/namespaces/quorum/configmaps");
        Assert.That(listCode, Is.EqualTo(200));
        foreach (var name in acknowledged)
        {
            Assert.That(list, Does.Contain($"\"name\":\"{name}\""), $"acknowledged write {name} is missing");
        }
    }
}
