using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class PolicyStrategiesTests
{
    private static JsonObject Budget(string spec) => Json($$$"""
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"b","namespace":"default"},"spec":{{{spec}}}}
        """);

    private static JsonObject Quota(string hard) => Json($$$"""
        {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q","namespace":"default"},"spec":{"hard":{{{hard}}}}}
        """);

    private static JsonObject Volume(string spec) => Json($$$"""
        {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv"},"spec":{{{spec}}}}
        """);

    private static JsonObject Claim() => Json("""
        {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"default"},
         "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}
        """);

    [Test]
    public void A_budget_with_a_count_or_a_percent_and_a_selector_is_valid_and_gets_a_generation()
    {
        var budget = Budget("""{"minAvailable":"50%","selector":{"matchLabels":{"app":"web"}},"unhealthyPodEvictionPolicy":"AlwaysAllow"}""");
        Assert.That(Create("PodDisruptionBudget", budget), Is.Empty);
        Assert.That((long?)budget["metadata"]!["generation"], Is.EqualTo(1));
        Assert.That(Create("PodDisruptionBudget", Budget("""{"maxUnavailable":1}""")), Is.Empty);
    }

    [Test]
    public void A_budget_with_both_bounds_or_bad_values_is_refused_with_upstreams_messages()
    {
        var both = Create("PodDisruptionBudget", Budget("""{"minAvailable":1,"maxUnavailable":1}"""));
        Assert.That(both.Single().Field, Is.EqualTo("spec"));
        Assert.That(both.Single().Message, Does.EndWith("minAvailable and maxUnavailable cannot be both set"));

        var causes = Create("PodDisruptionBudget", Budget("""{"minAvailable":-1}""")).Concat(Create("PodDisruptionBudget", Budget("""{"maxUnavailable":"150%"}""")))
            .Concat(Create("PodDisruptionBudget", Budget("""{"minAvailable":1,"unhealthyPodEvictionPolicy":"Sometimes"}"""))).ToList();
        Assert.That(causes.Select(c => (c.Field, c.Message)), Is.EqualTo(new[]
        {
            ("spec.minAvailable", "Invalid value: -1: must be greater than or equal to 0"),
            ("spec.maxUnavailable", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"),
            ("spec.unhealthyPodEvictionPolicy", "Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""),
        }));
    }

    [Test]
    public void A_quota_refuses_negative_fractional_counts_and_unknown_names()
    {
        Assert.That(Create("ResourceQuota", Quota("""{"pods":"2","requests.cpu":"500m","count/deployments.apps":"3"}""")), Is.Empty);
        var causes = Create("ResourceQuota", Quota("""{"pods":"1.5","memory":"-1Gi","widgets":"1"}"""));
        Assert.That(causes.Select(c => (c.Field, c.Message)), Is.EquivalentTo(new[]
        {
            ("spec.hard[pods]", "Invalid value: \"1.5\": must be an integer"),
            ("spec.hard[memory]", "Invalid value: \"-1Gi\": must be greater than or equal to 0"),
            ("spec.hard[widgets]", "Invalid value: \"widgets\": must be a standard resource for quota"),
        }));
    }

    [Test]
    public void A_volume_needs_capacity_an_access_mode_and_exactly_one_source()
    {
        var good = Volume("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/data"}}""");
        Assert.That(Create("PersistentVolume", good), Is.Empty);
        Assert.That((string?)good["spec"]!["persistentVolumeReclaimPolicy"], Is.EqualTo("Retain"));
        Assert.That((string?)good["status"]!["phase"], Is.EqualTo("Pending"));

        var causes = Create("PersistentVolume", Volume("{}"));
        Assert.That(causes.Select(c => c.Field), Is.EquivalentTo(new[] { "spec.accessModes", "spec.capacity", "spec" }));
        var two = Create("PersistentVolume", Volume("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"},"nfs":{"server":"s","path":"/"}}"""));
        Assert.That(two.Single().Message, Is.EqualTo("Forbidden: may not specify more than 1 volume type"));
    }

    [Test]
    public void A_claim_spec_is_immutable_but_a_bound_claim_may_grow_and_volumeName_is_set_once()
    {
        Assert.That(Create("PersistentVolumeClaim", Claim()), Is.Empty);
        Assert.That(Create("PersistentVolumeClaim", Json("""{"metadata":{"name":"c","namespace":"default"},"spec":{"accessModes":["ReadWriteOnce"]}}""")).Single().Field,
            Is.EqualTo("spec.resources[storage]"));

        Assert.That(Update("PersistentVolumeClaim", Claim(), c => c["spec"]!["accessModes"] = new JsonArray("ReadWriteMany")).Single().Message,
            Does.StartWith("Forbidden: spec is immutable after creation except resources.requests"));
        Assert.That(Update("PersistentVolumeClaim", Claim(), c => c["spec"]!["volumeName"] = "pv-1"), Is.Empty, "binding sets volumeName");

        var bound = Claim();
        bound["status"] = Json("""{"phase":"Bound","capacity":{"storage":"1Gi"}}""");
        Assert.That(Update("PersistentVolumeClaim", bound, c => c["spec"]!["resources"]!["requests"]!["storage"] = "2Gi"), Is.Empty);
        Assert.That(Update("PersistentVolumeClaim", bound, c => c["spec"]!["resources"]!["requests"]!["storage"] = "500Mi").Single().Message,
            Is.EqualTo("Forbidden: field can not be less than status.capacity"));
    }
}
