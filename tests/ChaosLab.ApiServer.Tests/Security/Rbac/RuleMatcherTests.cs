using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Rbac;

namespace ChaosLab.ApiServer.Tests.Security.Rbac;

[Category("Unit")]
public sealed class RuleMatcherTests
{
    private static readonly RequestUser Bob = new("bob", ["system:authenticated"]);

    private static AccessRequest Resource(string verb, string group, string resource, string? sub = null, string? name = null) =>
        AccessRequest.ForResource(Bob, verb, group, resource, sub, "shop", name);

    [Test]
    public void Verbs_groups_and_resources_must_all_match()
    {
        var rule = PolicyRule.Resource(["get", "list"], [""], "pods");

        Assert.That(RuleMatcher.Allows(rule, Resource("list", "", "pods")), Is.True);
        Assert.That(RuleMatcher.Allows(rule, Resource("delete", "", "pods")), Is.False);
        Assert.That(RuleMatcher.Allows(rule, Resource("list", "apps", "pods")), Is.False);
        Assert.That(RuleMatcher.Allows(rule, Resource("list", "", "secrets")), Is.False);
    }

    [Test]
    public void A_subresource_needs_its_own_entry_or_a_star_slash_entry()
    {
        var pods = PolicyRule.Resource(["get"], [""], "pods");
        Assert.That(RuleMatcher.Allows(pods, Resource("get", "", "pods", "log")), Is.False);
        Assert.That(RuleMatcher.Allows(PolicyRule.Resource(["get"], [""], "pods/log"), Resource("get", "", "pods", "log")), Is.True);
        Assert.That(RuleMatcher.Allows(PolicyRule.Resource(["get"], [""], "*/log"), Resource("get", "", "pods", "log")), Is.True);
        Assert.That(RuleMatcher.Allows(PolicyRule.Resource(["get"], [""], "*/log"), Resource("get", "", "pods", "exec")), Is.False);
        Assert.That(RuleMatcher.Allows(PolicyRule.Resource(["get"], [""], "pods/log"), Resource("get", "", "pods")), Is.False);
    }

    [Test]
    public void Stars_match_every_verb_group_and_resource()
    {
        var all = PolicyRule.Resource(["*"], ["*"], "*");

        Assert.That(RuleMatcher.Allows(all, Resource("deletecollection", "apps", "deployments", "scale")), Is.True);
        Assert.That(RuleMatcher.Allows(all, AccessRequest.ForPath(Bob, "get", "/metrics")), Is.False, "resource rules never cover paths");
    }

    [Test]
    public void Resource_names_limit_a_rule_to_those_objects_and_never_match_unnamed_requests()
    {
        var rule = PolicyRule.Resource(["get", "list"], [""], "configmaps").Named("settings");

        Assert.That(RuleMatcher.Allows(rule, Resource("get", "", "configmaps", name: "settings")), Is.True);
        Assert.That(RuleMatcher.Allows(rule, Resource("get", "", "configmaps", name: "other")), Is.False);
        Assert.That(RuleMatcher.Allows(rule, Resource("list", "", "configmaps")), Is.False);
    }

    [TestCase("/healthz", true)]
    [TestCase("/apis", true)]
    [TestCase("/apis/apps/v1", true)]
    [TestCase("/metrics", false)]
    [TestCase("/healthz/etcd", false)]
    public void Non_resource_urls_match_exactly_or_by_a_star_prefix(string path, bool allowed)
    {
        var rule = PolicyRule.Urls(["get"], "/healthz", "/apis", "/apis/*");

        Assert.That(RuleMatcher.Allows(rule, AccessRequest.ForPath(Bob, "get", path)), Is.EqualTo(allowed));
        Assert.That(RuleMatcher.Allows(rule, AccessRequest.ForPath(Bob, "post", path)), Is.False);
    }
}
