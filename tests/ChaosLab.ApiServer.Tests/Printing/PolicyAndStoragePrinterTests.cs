using ChaosLab.ApiServer.Printing;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class PolicyAndStoragePrinterTests
{
    [Test]
    public void A_pod_disruption_budget_prints_an_int_a_percentage_or_not_applicable()
    {
        var printer = new PodDisruptionBudgetPrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age" }));
        Assert.That(Values(printer.Cells(Parse("""{"metadata": {"name": "a"}, "spec": {"minAvailable": 2}, "status": {"disruptionsAllowed": 1}}"""), Now)),
            Is.EqualTo(new object[] { "a", "2", "N/A", 1L, "<unknown>" }));
        Assert.That(Values(printer.Cells(Parse("""{"metadata": {"name": "b"}, "spec": {"maxUnavailable": "25%"}}"""), Now))[1..3],
            Is.EqualTo(new object[] { "N/A", "25%" }));
    }

    [Test]
    public void An_autoscaler_shows_reference_targets_and_replica_bounds()
    {
        var hpa = Parse("""
            {
              "metadata": {"name": "web"},
              "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 10,
                       "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}},
                                   {"type": "Pods", "pods": {"target": {"type": "AverageValue", "averageValue": "1k"}}}]},
              "status": {"currentReplicas": 3,
                         "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 20}}}]}
            }
            """);
        var printer = new HorizontalPodAutoscalerPrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age" }));
        Assert.That(Values(printer.Cells(hpa, Now)), Is.EqualTo(new object[]
        {
            "web", "Deployment/web", "cpu: 20%/50%, <unknown>/1k", "2", 10L, 3L, "<unknown>",
        }));
    }

    [Test]
    public void An_autoscaler_without_metrics_or_minimum_and_with_many_metrics()
    {
        var metric = """{"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "100Mi"}}}""";
        var many = Parse($$"""{"spec": {"metrics": [{{metric}}, {{metric}}, {{metric}}, {{metric}}, {{metric}}] } }""");

        Assert.Multiple(() =>
        {
            Assert.That(Values(new HorizontalPodAutoscalerPrinter().Cells(Parse("""{"spec": {"maxReplicas": 3}}"""), Now))[2..4],
                Is.EqualTo(new object[] { "<none>", "<unset>" }));
            Assert.That(HorizontalPodAutoscalerPrinter.Targets(many),
                Is.EqualTo("memory: <unknown>/100Mi, memory: <unknown>/100Mi, memory: <unknown>/100Mi + 2 more..."));
        });
    }

    [Test]
    public void A_resource_quota_splits_requests_from_limits_and_sorts_by_name()
    {
        var quota = Parse("""
            {"metadata": {"name": "q"}, "spec": {"hard": {"pods": "10"}},
             "status": {"hard": {"pods": "10", "requests.cpu": "2", "limits.memory": "1Gi", "limits.cpu": "4"}, "used": {"pods": "3", "limits.cpu": "500m"}}}
            """);
        var printer = new ResourceQuotaPrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Age", "Request", "Limit" }));
        Assert.That(Values(printer.Cells(quota, Now)), Is.EqualTo(new object[]
        {
            "q", "<unknown>", "pods: 3/10, requests.cpu: 0/2", "limits.cpu: 500m/4, limits.memory: 0/1Gi",
        }));
    }

    [Test]
    public void A_limit_range_and_a_role_show_when_they_were_created()
    {
        var created = Parse($$$"""{"metadata": {"name": "l", "creationTimestamp": "{{{Ago(TimeSpan.FromDays(1))}}}"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(new LimitRangePrinter().Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Created At" }));
            Assert.That(Values(new LimitRangePrinter().Cells(created, Now)), Is.EqualTo(new object[] { "l", "2024-12-31T12:00:00Z" }));
            Assert.That(Values(new RolePrinter().Cells(created, Now)), Is.EqualTo(new object[] { "l", "2024-12-31T12:00:00Z" }));
        });
    }

    [Test]
    public void A_bound_persistent_volume_shows_capacity_modes_policy_and_claim()
    {
        var pv = Parse("""
            {"metadata": {"name": "pv1"},
             "spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"], "persistentVolumeReclaimPolicy": "Retain",
                      "claimRef": {"namespace": "demo", "name": "data"}, "storageClassName": "manual", "volumeMode": "Filesystem"},
             "status": {"phase": "Bound"}}
            """);
        var printer = new PersistentVolumePrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[]
        {
            "Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "VolumeMode",
        }));
        Assert.That(Values(printer.Cells(pv, Now)), Is.EqualTo(new object[]
        {
            "pv1", "5Gi", "RWO,RWX", "Retain", "Bound", "demo/data", "manual", "<unset>", "", "<unknown>", "Filesystem",
        }));
    }

    [Test]
    public void A_claim_shows_capacity_and_modes_only_once_bound()
    {
        var printer = new PersistentVolumeClaimPrinter();
        var pending = Parse("""{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}, "status": {"phase": "Pending"}}""");
        var bound = Parse("""
            {"metadata": {"name": "data"}, "spec": {"volumeName": "pv1", "storageClassName": "manual"},
             "status": {"phase": "Bound", "capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOncePod"]}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[]
            {
                "Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode",
            }));
            Assert.That(Values(printer.Cells(pending, Now)), Is.EqualTo(new object[] { "data", "Pending", "", "", "", "", "<unset>", "<unknown>", "<unset>" }));
            Assert.That(Values(printer.Cells(bound, Now))[1..6], Is.EqualTo(new object[] { "Bound", "pv1", "5Gi", "RWOP", "manual" }));
        });
    }

    [Test]
    public void The_default_storage_class_is_marked_and_policies_default()
    {
        var printer = new StorageClassPrinter();
        var storageClass = Parse("""
            {"metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}}, "provisioner": "rancher.io/local-path"}
            """);

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age" }));
        Assert.That(Values(printer.Cells(storageClass, Now)), Is.EqualTo(new object?[]
        {
            "standard (default)", "rancher.io/local-path", "Delete", "Immediate", false, "<unknown>",
        }));
    }

    [Test]
    public void A_priority_class_shows_value_default_and_preemption() =>
        Assert.That(Values(new PriorityClassPrinter().Cells(Parse("""
            {"metadata": {"name": "high"}, "value": 1000000, "globalDefault": true, "preemptionPolicy": "Never"}
            """), Now)), Is.EqualTo(new object?[] { "high", 1000000L, true, "<unknown>", "Never" }));
}
