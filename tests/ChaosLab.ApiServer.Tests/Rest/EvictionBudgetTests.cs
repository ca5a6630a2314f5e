using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[TestFixture]
[Category("Unit")]
public sealed class EvictionBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Pod(bool ready = true, string phase = "Running") => Json($$$"""
        {"metadata":{"name":"web-1","namespace":"default","labels":{"app":"web"}},
         "status":{"phase":"{{{phase}}}","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}]}}
        """);

    private static JsonObject Budget(string selector = """{"matchLabels":{"app":"web"}}""", string status = """{"observedGeneration":1,"disruptionsAllowed":1,"currentHealthy":3,"desiredHealthy":2}""", string policy = "") =>
        Json($$$"""
        {"metadata":{"name":"web","namespace":"default","generation":1},
         "spec":{"selector":{{{selector}}}{{{(policy.Length == 0 ? "" : $",\"unhealthyPodEvictionPolicy\":\"{policy}\"")}}}},
         "status":{{{status}}}}
        """);

    [Test]
    public void A_budget_without_a_selector_covers_nothing_and_an_empty_one_everything()
    {
        var none = Json("""{"metadata":{"name":"none"},"spec":{}}""");
        var all = Budget("{}");
        var other = Budget("""{"matchLabels":{"app":"db"}}""");

        Assert.That(EvictionBudget.Covering(Pod(), [none, all, other, Budget()]).Select(b => b["spec"]!["selector"]!.ToJsonString()),
            Is.EqualTo(new[] { "{}", """{"matchLabels":{"app":"web"}}""" }));
    }

    [Test]
    public void Finished_pending_and_terminating_pods_go_without_a_budget()
    {
        Assert.That(EvictionBudget.IgnoresBudgets(Pod(phase: "Succeeded")), Is.True);
        Assert.That(EvictionBudget.IgnoresBudgets(Pod(phase: "Pending")), Is.True);
        var terminating = Pod();
        terminating["metadata"]!["deletionTimestamp"] = "2026-12-07T19:00:00Z";
        Assert.That(EvictionBudget.IgnoresBudgets(terminating), Is.True);
        Assert.That(EvictionBudget.IgnoresBudgets(Pod()), Is.False);
    }

    [Test]
    public void An_unready_pod_goes_free_when_the_budget_is_met_without_it_or_the_policy_is_AlwaysAllow()
    {
        var exhausted = """{"observedGeneration":1,"disruptionsAllowed":0,"currentHealthy":1,"desiredHealthy":2}""";
        Assert.That(EvictionBudget.UnhealthyMayGo(Budget(), Pod(ready: false)), Is.True, "currentHealthy 3 >= desiredHealthy 2");
        Assert.That(EvictionBudget.UnhealthyMayGo(Budget(status: exhausted), Pod(ready: false)), Is.False);
        Assert.That(EvictionBudget.UnhealthyMayGo(Budget(status: exhausted, policy: "AlwaysAllow"), Pod(ready: false)), Is.True);
        Assert.That(EvictionBudget.UnhealthyMayGo(Budget(policy: "AlwaysAllow"), Pod()), Is.False, "a ready pod spends the budget");
    }

    [Test]
    public void Decrement_spends_one_disruption_and_records_the_pod()
    {
        var budget = Budget();

        EvictionBudget.Decrement(budget, "web-1", Now, dryRun: false);

        var status = budget["status"]!;
        Assert.That((int?)status["disruptionsAllowed"], Is.Zero);
        Assert.That((string?)status["disruptedPods"]!["web-1"], Is.EqualTo("2026-12-07T20:00:00Z"));
        var condition = status["conditions"]!.AsArray().Single()!;
        Assert.That(((string?)condition["type"], (string?)condition["status"], (string?)condition["reason"]), Is.EqualTo(("DisruptionAllowed", "False", "InsufficientPods")));
    }

    [Test]
    public void Decrement_with_no_disruption_left_is_429_with_upstreams_message_and_cause()
    {
        var budget = Budget(status: """{"observedGeneration":1,"disruptionsAllowed":0,"currentHealthy":2,"desiredHealthy":2}""");

        var error = Assert.Throws<ApiException>(() => EvictionBudget.Decrement(budget, "web-1", Now, dryRun: false));

        Assert.That((error!.Code, error.Reason, error.Message), Is.EqualTo((429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.")));
        Assert.That(error.Details!.Causes.Single(), Is.EqualTo(new FieldCause("DisruptionBudget", "The disruption budget web needs 2 healthy pods and has 2 currently", "")));
    }

    [Test]
    public void A_budget_the_controller_has_not_seen_yet_is_429_and_a_dry_run_records_nothing()
    {
        var stale = Budget();
        stale["metadata"]!["generation"] = 2;
        var error = Assert.Throws<ApiException>(() => EvictionBudget.Decrement(stale, "web-1", Now, dryRun: false));
        Assert.That(error!.Details!.Causes.Single().Message, Is.EqualTo("The disruption budget web is still being processed by the server."));

        var budget = Budget();
        EvictionBudget.Decrement(budget, "web-1", Now, dryRun: true);
        Assert.That(budget["status"]!["disruptedPods"], Is.Null);
    }
}
