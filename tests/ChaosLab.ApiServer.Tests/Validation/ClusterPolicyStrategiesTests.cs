using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class ClusterPolicyStrategiesTests
{
    private static JsonObject StorageClass() => Json("""{"metadata":{"name":"standard"},"provisioner":"rancher.io/local-path","parameters":{"path":"/data"}}""");

    [Test]
    public void A_storage_class_gets_its_policies_and_needs_a_provisioner()
    {
        var storageClass = StorageClass();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Create("StorageClass", storageClass), Is.Empty);
            Assert.That(((string?)storageClass["reclaimPolicy"], (string?)storageClass["volumeBindingMode"]), Is.EqualTo(("Delete", "Immediate")));
            Assert.That(Describe(Create("StorageClass", Json("""{"metadata":{"name":"x"},"reclaimPolicy":"Recycle"}"""))), Is.EqualTo(string.Join("\n",
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")));
        }
    }

    [Test]
    public void A_storage_classs_parameters_provisioner_and_policies_are_fixed() =>
        Assert.That(Describe(Update("StorageClass", StorageClass(), s =>
        {
            s["parameters"]!["path"] = "/elsewhere";
            s["provisioner"] = "example.com/other";
            s["reclaimPolicy"] = "Retain";
            s["volumeBindingMode"] = "WaitForFirstConsumer";
            s["allowVolumeExpansion"] = true;
        })), Is.EqualTo(string.Join("\n",
            "parameters: Forbidden: updates to parameters are forbidden.",
            "provisioner: Forbidden: updates to provisioner are forbidden.",
            "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
            "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable")));

    [Test]
    public void A_priority_class_value_is_bounded_fixed_and_system_names_are_reserved()
    {
        var high = Json("""{"metadata":{"name":"high"},"value":1000,"globalDefault":true}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Create("PriorityClass", high), Is.Empty);
            Assert.That((string?)high["preemptionPolicy"], Is.EqualTo("PreemptLowerPriority"));
            Assert.That(Describe(Update("PriorityClass", high, p => p["value"] = 2000)), Is.EqualTo("value: Forbidden: may not be changed in an update."));
            Assert.That(Describe(Create("PriorityClass", Json("""{"metadata":{"name":"huge"},"value":1000000001}"""))),
                Is.EqualTo("value: Forbidden: maximum allowed value of a user defined priority is 1000000000"));
            Assert.That(Create("PriorityClass", Json("""{"metadata":{"name":"system-node-critical"},"value":2000001000}""")), Is.Empty);
            Assert.That(Describe(Create("PriorityClass", Json("""{"metadata":{"name":"system-mine"},"value":1}"""))), Does.StartWith(
                "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only."));
        }
    }

    [Test]
    public void An_autoscaler_gets_a_minimum_and_cpu_target_and_needs_sane_bounds()
    {
        var hpa = Json("""{"metadata":{"name":"web","namespace":"default"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5}}""");
        var bad = Json("""{"metadata":{"name":"bad","namespace":"default"},"spec":{"scaleTargetRef":{},"minReplicas":4,"maxReplicas":2}}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Create("HorizontalPodAutoscaler", hpa), Is.Empty);
            Assert.That((int?)hpa["spec"]!["minReplicas"], Is.EqualTo(1));
            Assert.That(hpa["spec"]!["metrics"]!.ToJsonString(),
                Is.EqualTo("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]"""));
            Assert.That(Describe(Create("HorizontalPodAutoscaler", bad)), Is.EqualTo(string.Join("\n",
                "spec.scaleTargetRef.kind: Required value",
                "spec.scaleTargetRef.name: Required value",
                "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`")));
            Assert.That(Describe(Create("HorizontalPodAutoscaler", Json("""
                {"metadata":{"name":"z","namespace":"default"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":0,"maxReplicas":0}}
                """))), Is.EqualTo(string.Join("\n",
                "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
                "spec.maxReplicas: Invalid value: 0: must be greater than 0")));
        }
    }

    [Test]
    public void A_pod_templates_spec_is_defaulted_and_validated_as_a_pods()
    {
        var template = Json("""{"metadata":{"name":"t","namespace":"default"},"template":{"metadata":{"labels":{"app":"t"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Create("PodTemplate", template), Is.Empty);
            Assert.That((string?)template["template"]!["spec"]!["restartPolicy"], Is.EqualTo("Always"));
            Assert.That(Describe(Create("PodTemplate", Json("""{"metadata":{"name":"e","namespace":"default"},"template":{"spec":{}}}"""))),
                Does.Contain("template.spec.containers: Required value"));
        }
    }
}
