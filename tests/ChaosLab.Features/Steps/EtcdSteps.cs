using k8s;
using ChaosLab.Harness.Scenarios;
using k8s.Autorest;
using k8s.Models;
using Reqnroll;

namespace ChaosLab.Features.Steps;

/// <summary>etcd seen through the chaos port (member status) and through the API (writes).</summary>
[Binding]
public sealed class EtcdSteps(ScenarioSession session)
{
    [Then("etcd has a leader within {int} seconds")]
    [StepExample("Then etcd has a leader within 10 seconds")]
    public async Task ThenEtcdHasALeader(int seconds) =>
        await Eventually.UntilAsync("an etcd leader", TimeSpan.FromSeconds(seconds), async () =>
        {
            var statuses = await StatusesAsync();
            var leaders = statuses.Where(s => s.IsLeader).Select(s => s.Node).ToList();
            return (leaders.Count == 1, Describe(statuses));
        });

    [Then("etcd has a new leader within the election bound")]
    [StepExample("Then etcd has a new leader within the election bound")]
    public async Task ThenEtcdHasANewLeader()
    {
        var before = session.Notes.TryGetValue(FaultSteps.EtcdTermNote, out var term) ? (long)term : 0;
        await session.WithinBoundAsync("a new etcd leader (a higher Raft term)", "failover", session.Bounds.EtcdElection, async () =>
        {
            // Members answer one by one: the new leader counts as soon as it answers, not when the slowest member
            // (the restarting old leader) has answered or timed out, which held each sample for seconds.
            var pending = Members().Select(m => session.ChaosEnvironment.Etcd!.StatusAsync(m)).ToList();
            var seen = new List<Lab.Etcd.EtcdMemberStatus>();
            while (pending.Count > 0)
            {
                var answered = await Task.WhenAny(pending);
                pending.Remove(answered);
                var status = await answered;
                seen.Add(status);
                if (status.IsLeader && status.Healthy && status.RaftTerm > before)
                {
                    return (true, $"{status.Node} leads in term {status.RaftTerm} (was {before})");
                }
            }
            return (false, $"{Describe(seen)}; term {seen.Max(s => s.RaftTerm)} (was {before})");
        });
    }

    [Then("the number of healthy etcd members is {int} within {int} seconds")]
    [StepExample("Then the number of healthy etcd members is 3 within 30 seconds")]
    public async Task ThenHealthyMembers(int count, int seconds) =>
        await Eventually.UntilAsync($"{count} healthy etcd members", TimeSpan.FromSeconds(seconds), async () =>
        {
            var statuses = await StatusesAsync();
            return (statuses.Count(s => s.Healthy) == count, Describe(statuses));
        });

    [Then("API writes fail with a server error within {int} seconds")]
    [StepExample("Then API writes fail with a server error within 5 seconds")]
    public async Task ThenApiWritesFail(int seconds) =>
        await Eventually.UntilAsync("an API write to fail with a 5xx or a timeout", TimeSpan.FromSeconds(seconds), async () =>
        {
            var (ok, detail) = await TryWriteAsync();
            return (!ok && !detail.StartsWith('4'), detail);
        });

    [Then("API writes succeed again within {int} seconds")]
    [StepExample("Then API writes succeed again within 10 seconds")]
    public async Task ThenApiWritesSucceed(int seconds) =>
        await Eventually.UntilAsync("an API write to succeed", TimeSpan.FromSeconds(seconds), TryWriteAsync);

    [Then("for at least {int} seconds the API keeps accepting writes")]
    [StepExample("Then for at least 5 seconds the API keeps accepting writes")]
    public async Task ThenTheApiKeepsAcceptingWrites(int seconds) =>
        await Eventually.HoldsAsync("API writes succeeding", TimeSpan.FromSeconds(seconds), TryWriteAsync);

    [Then("an API write succeeds within the {word} bound")]
    [StepExample("Then an API write succeeds within the api-failover bound")]
    public async Task ThenAnApiWriteSucceedsWithinNamedBound(string bound) =>
        await session.WithinBoundAsync("an API write after the fault", "recover", session.Bounds.Named(bound), TryQuickWriteAsync);

    /// <summary>
    /// One API write as a careful client makes it: a new connection (the lb forwards TCP, so a kept-alive
    /// connection stays pinned to an API server that is gone), and one retry when the connection itself
    /// breaks before any answer (the lb may still pick a backend it has not yet marked down). An HTTP
    /// error or a timeout is not retried.
    /// </summary>
    private Task<(bool Ok, string Detail)> TryWriteAsync() => TryWriteAsync(TimeSpan.FromSeconds(3));

    /// <summary>A write with a short timeout, for recovery bounds: a write lost in flight with an old etcd leader costs one short timeout, not a long one.</summary>
    private Task<(bool Ok, string Detail)> TryQuickWriteAsync() => TryWriteAsync(RecoveryBounds.ClientAttemptTimeout);

    private async Task<(bool Ok, string Detail)> TryWriteAsync(TimeSpan attemptTimeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(attemptTimeout);
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(session.Cluster.Kubeconfig));
            try
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { GenerateName = "write-" },
                    Data = new Dictionary<string, string> { ["at"] = DateTimeOffset.UtcNow.ToString("O") },
                }, session.Namespace, cancellationToken: timeout.Token);
                return (true, attempt == 1 ? "written" : "written on a new connection after a broken one");
            }
            catch (HttpOperationException ex)
            {
                return (false, $"{(int)ex.Response.StatusCode} {ex.Response.Content}");
            }
            catch (HttpRequestException ex) when (attempt == 1)
            {
                _ = ex; // The connection broke before an answer: try once more on a new one.
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                return (false, $"no answer: {ex.Message}");
            }
        }
    }

    private IReadOnlyList<Lab.LabNode> Members()
    {
        var lab = session.Cluster.Lab;
        if (lab is null || session.ChaosEnvironment.Etcd is null)
        {
            Assert.Ignore($"{session.Cluster.Describe()}: etcd members are not visible through its provider");
        }
        return [.. lab!.EtcdMembers()];
    }

    private async Task<IReadOnlyList<Lab.Etcd.EtcdMemberStatus>> StatusesAsync()
    {
        var lab = session.Cluster.Lab;
        if (lab is null || session.ChaosEnvironment.Etcd is null)
        {
            Assert.Ignore($"{session.Cluster.Describe()}: etcd members are not visible through its provider");
        }
        return await session.ChaosEnvironment.Etcd!.StatusAsync(lab!.EtcdMembers());
    }

    private static string Describe(IEnumerable<Lab.Etcd.EtcdMemberStatus> statuses) =>
        string.Join(", ", statuses.Select(s => $"{s.Node} {(s.Healthy ? "healthy" : "unhealthy")}{(s.IsLeader ? " (leader)" : "")}"));
}
