using ChaosLab.ApiServer.Security.Rbac;

namespace ChaosLab.ApiServer.Tests.Security.Rbac;

[Category("Unit")]
public sealed class RuleCoverageTests
{
    [Test]
    public void Rules_within_the_held_ones_escalate_nothing()
    {
        IReadOnlyList<PolicyRule> held = [PolicyRule.Resource(["get", "list", "watch"], [""], "pods", "services")];

        Assert.That(RuleCoverage.Uncovered(held, [PolicyRule.Resource(["get", "list"], [""], "pods")]), Is.Empty);
        Assert.That(RuleCoverage.Uncovered(held, [PolicyRule.Resource(["get"], [""], "pods").Named("web")]), Is.Empty);
    }

    [Test]
    public void What_is_not_held_comes_back_broken_down_to_single_rules()
    {
        IReadOnlyList<PolicyRule> held = [PolicyRule.Resource(["get", "list"], [""], "pods")];

        var missing = RuleCoverage.Uncovered(held, [PolicyRule.Resource(["get", "delete"], ["", "apps"], "pods")]);

        Assert.That(missing.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            """{APIGroups:["apps"], Resources:["pods"], Verbs:["get"]}""",
            """{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}""",
            """{APIGroups:["apps"], Resources:["pods"], Verbs:["delete"]}""",
        }));
    }

    [Test]
    public void Named_rules_do_not_cover_unnamed_ones_and_subresources_need_their_own_grant()
    {
        IReadOnlyList<PolicyRule> named = [PolicyRule.Resource(["get"], [""], "configmaps").Named("a")];
        Assert.That(RuleCoverage.Uncovered(named, [PolicyRule.Resource(["get"], [""], "configmaps")]), Has.Count.EqualTo(1));
        Assert.That(RuleCoverage.Uncovered(named, [PolicyRule.Resource(["get"], [""], "configmaps").Named("b")]), Has.Count.EqualTo(1));

        IReadOnlyList<PolicyRule> pods = [PolicyRule.Resource(["get"], [""], "pods")];
        Assert.That(RuleCoverage.Uncovered(pods, [PolicyRule.Resource(["get"], [""], "pods/log")]), Has.Count.EqualTo(1));
        Assert.That(RuleCoverage.Uncovered([PolicyRule.Resource(["get"], [""], "pods/*")], [PolicyRule.Resource(["get"], [""], "pods/log")]), Is.Empty);
        Assert.That(RuleCoverage.Uncovered([PolicyRule.Resource(["get"], [""], "*/log")], [PolicyRule.Resource(["get"], [""], "pods/log")]), Is.Empty);
    }

    [Test]
    public void Cluster_admin_covers_everything_including_urls()
    {
        IReadOnlyList<PolicyRule> admin = [PolicyRule.Resource(["*"], ["*"], "*"), PolicyRule.Urls(["*"], "*")];

        Assert.That(RuleCoverage.Uncovered(admin, [PolicyRule.Resource(["escalate"], ["rbac.authorization.k8s.io"], "clusterroles"), PolicyRule.Urls(["get"], "/metrics")]), Is.Empty);
        Assert.That(RuleCoverage.Uncovered([PolicyRule.Urls(["get"], "/api/*")], [PolicyRule.Urls(["get"], "/api/v1"), PolicyRule.Urls(["get"], "/metrics")]).Single().NonResourceUrls,
            Is.EqualTo(new[] { "/metrics" }));
    }
}
