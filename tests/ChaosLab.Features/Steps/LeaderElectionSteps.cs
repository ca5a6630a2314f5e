using k8s;
using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Features.Steps;

[Binding]
public sealed class LeaderElectionSteps(ScenarioSession session)
{
    [Given("I note the holder of the {string} lease")]
    [StepExample("Given I note the holder of the \"kube-scheduler\" lease")]
    public async Task GivenINoteTheHolder(string lease)
    {
        var spec = (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec;
        Expect.That(!string.IsNullOrEmpty(spec?.HolderIdentity), $"nobody holds the {lease} lease");
        session.Notes[$"lease:{lease}:holder"] = spec!.HolderIdentity;
        session.Notes[$"lease:{lease}:transitions"] = spec.LeaseTransitions ?? 0;
    }

    [Then("another instance holds the {string} lease within the leader-election bound")]
    [StepExample("Then another instance holds the \"kube-scheduler\" lease within the leader-election bound")]
    public async Task ThenAnotherInstanceHolds(string lease)
    {
        var before = await NotedHolderAsync(lease);
        await session.WithinBoundAsync($"a new {lease} leader", "failover", session.Bounds.LeaderElection, async () =>
        {
            var holder = (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec?.HolderIdentity;
            return (!string.IsNullOrEmpty(holder) && holder != before, $"holder {holder ?? "nobody"} (was {before})");
        });
    }

    [Then("a new leader is elected for {string} within {int} seconds")]
    [StepExample("Then a new leader is elected for \"kube-controller-manager\" within 10 seconds")]
    public async Task ThenANewLeaderIsElected(string lease, int seconds)
    {
        var before = await NotedHolderAsync(lease);
        await Eventually.UntilAsync($"a new {lease} leader", TimeSpan.FromSeconds(seconds), async () =>
        {
            var holder = (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec?.HolderIdentity;
            return (!string.IsNullOrEmpty(holder) && holder != before, $"holder {holder ?? "nobody"} (was {before})");
        });
    }

    [Then("the {string} lease transitions have increased by {int}")]
    [StepExample("Then the \"kube-scheduler\" lease transitions have increased by 1")]
    public async Task ThenTransitionsIncreasedBy(string lease, int by)
    {
        var before = (int)session.Notes[$"lease:{lease}:transitions"];
        var now = (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec?.LeaseTransitions ?? 0;
        Expect.That(now == before + by, $"{lease} leaseTransitions went from {before} to {now}, expected +{by}");
    }

    [Then("the {string} lease transitions have increased")]
    [StepExample("Then the \"kube-controller-manager\" lease transitions have increased")]
    public async Task ThenTransitionsIncreased(string lease)
    {
        var before = (int)session.Notes[$"lease:{lease}:transitions"];
        var now = (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec?.LeaseTransitions ?? 0;
        Expect.That(now > before, $"{lease} leaseTransitions stayed at {now}");
    }

    [Then("every pod of {string} was bound by the holder of the {string} lease")]
    [StepExample("Then every pod of \"web\" was bound by the holder of the \"kube-scheduler\" lease")]
    public async Task ThenEveryPodWasBoundByTheHolder(string app, string lease)
    {
        // The scheduler's Scheduled events name the instance that bound the pod (reportingInstance = its Lease identity):
        // with leader election sound, that is the holder, whoever raced it.
        var holder = (await session.Cluster.Api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec?.HolderIdentity;
        Expect.That(!string.IsNullOrEmpty(holder), $"nobody holds the {lease} lease");
        var pods = await session.Workloads.ReadyPodsAsync(app);
        Expect.That(pods.Count > 0, $"no ready pods of {app}");
        var names = pods.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        await Eventually.UntilAsync($"a Scheduled event for each of the {names.Count} pods of {app}, all from {holder}", TimeSpan.FromSeconds(10), async () =>
        {
            var scheduled = (await session.Cluster.Api.CoreV1.ListNamespacedEventAsync(session.Namespace)).Items
                .Where(e => e.Reason == "Scheduled" && names.Contains(e.InvolvedObject?.Name ?? ""))
                .ToList();
            var others = scheduled.Where(e => e.ReportingInstance != holder)
                .Select(e => $"{e.InvolvedObject.Name} by {e.ReportingInstance ?? e.Source?.Host ?? "(unnamed)"}").ToList();
            if (others.Count > 0)
            {
                return (false, $"bound by an instance that did not hold the {lease} lease: {string.Join(", ", others)}");
            }
            var seen = scheduled.Select(e => e.InvolvedObject.Name).Distinct(StringComparer.Ordinal).Count();
            return (seen == names.Count, $"{seen} of {names.Count} pods have a Scheduled event");
        });
    }

    private async Task<string> NotedHolderAsync(string lease)
    {
        if (session.Notes.TryGetValue($"lease:{lease}:holder", out var noted))
        {
            return (string)noted;
        }
        await GivenINoteTheHolder(lease);
        return (string)session.Notes[$"lease:{lease}:holder"];
    }
}
