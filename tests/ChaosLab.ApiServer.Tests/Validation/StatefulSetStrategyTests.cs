using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class StatefulSetStrategyTests
{
    private static JsonObject StatefulSet() => Json("""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
         "spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                 "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"chaoslab/echo",
                   "volumeMounts":[{"name":"data","mountPath":"/data"}]}]}},
                 "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
        """);

    [Test]
    public void Minimal_statefulset_gets_upstream_defaults_and_is_valid()
    {
        var sts = StatefulSet();
        var causes = Create("StatefulSet", sts);
        var spec = sts["spec"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(causes), Is.Empty, "a mount of a claim template is left to pod creation");
            Assert.That((string?)spec["podManagementPolicy"], Is.EqualTo("OrderedReady"));
            Assert.That(spec["updateStrategy"]!.ToJsonString(), Is.EqualTo("""{"type":"RollingUpdate","rollingUpdate":{"partition":0}}"""));
            Assert.That(spec["persistentVolumeClaimRetentionPolicy"]!.ToJsonString(), Is.EqualTo("""{"whenDeleted":"Retain","whenScaled":"Retain"}"""));
            Assert.That((int?)spec["replicas"], Is.EqualTo(1));
            Assert.That((int?)spec["revisionHistoryLimit"], Is.EqualTo(10));
            Assert.That((string?)spec["volumeClaimTemplates"]![0]!["spec"]!["volumeMode"], Is.EqualTo("Filesystem"));
        }
    }

    [Test]
    public void Bad_policy_and_negative_partition_are_invalid()
    {
        var sts = StatefulSet();
        sts["spec"]!["podManagementPolicy"] = "Random";
        sts["spec"]!["updateStrategy"] = Json("""{"type":"RollingUpdate","rollingUpdate":{"partition":-1}}""");
        Assert.That(Describe(Create("StatefulSet", sts)), Is.EqualTo(
            "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'\n" +
            "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"));
    }

    [Test]
    public void Replicas_template_and_partition_may_change()
    {
        var causes = Update("StatefulSet", StatefulSet(), sts =>
        {
            sts["spec"]!["replicas"] = 3;
            sts["spec"]!["updateStrategy"]!["rollingUpdate"]!["partition"] = 2;
            sts["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "chaoslab/pause";
        });
        Assert.That(Describe(causes), Is.Empty);
    }

    [Test]
    public void Service_name_and_claim_templates_may_not_change()
    {
        var forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
                        "'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
        Assert.That(Describe(Update("StatefulSet", StatefulSet(), sts => sts["spec"]!["serviceName"] = "other")), Is.EqualTo(forbidden));
        Assert.That(Describe(Update("StatefulSet", StatefulSet(), sts => sts["spec"]!["volumeClaimTemplates"] = new JsonArray())), Is.EqualTo(forbidden));
    }

    [Test]
    public void Status_counters_may_not_exceed_replicas()
    {
        var sts = StatefulSet();
        sts["status"] = Json("""{"replicas":1,"readyReplicas":2,"availableReplicas":1}""");
        Assert.That(Describe(Create("StatefulSet", sts)), Is.EqualTo("status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"));
    }

    [Test]
    public void A_name_that_is_not_a_dns_label_is_invalid()
    {
        var sts = StatefulSet();
        sts["metadata"]!["name"] = "db.primary";
        Assert.That(Describe(Create("StatefulSet", sts)), Does.StartWith("metadata.name: Invalid value: \"db.primary\""));
    }
}
