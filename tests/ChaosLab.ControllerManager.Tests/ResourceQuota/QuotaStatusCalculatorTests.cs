using ChaosLab.Client.Quota;
using ChaosLab.ControllerManager.ResourceQuota;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.ResourceQuota;

[Category("Unit")]
public sealed class QuotaStatusCalculatorTests
{
    [Test]
    public void Quota_names_map_to_the_resource_they_are_measured_on()
    {
        Assert.That(QuotaResourceNames.MeasuredOn("requests.cpu"), Is.EqualTo(("", "pods")));
        Assert.That(QuotaResourceNames.MeasuredOn("requests.storage"), Is.EqualTo(("", "persistentvolumeclaims")));
        Assert.That(QuotaResourceNames.MeasuredOn("services.nodeports"), Is.EqualTo(("", "services")));
        Assert.That(QuotaResourceNames.MeasuredOn("count/jobs.batch"), Is.EqualTo(("batch", "jobs")));
        Assert.That(QuotaResourceNames.MeasuredOn("count/secrets"), Is.EqualTo(("", "secrets")));
        Assert.That(QuotaResourceNames.MeasuredOn("gold.storageclass.storage.k8s.io/requests.storage"), Is.EqualTo(("", "persistentvolumeclaims")));
    }

    [Test]
    public void Status_takes_hard_from_the_spec_and_counts_live_pods_zero_where_nothing_is_used()
    {
        var quota = new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "q", NamespaceProperty = "default" },
            Spec = new V1ResourceQuotaSpec
            {
                Hard = new Dictionary<string, ResourceQuantity> { ["pods"] = new("5"), ["count/pods"] = new("10"), ["requests.memory"] = new("1Gi") },
            },
        };
        var pods = new[] { Pod("a"), Pod("b"), Pod("done", phase: "Succeeded") }.Select(p => ("", "pods", (object)p));

        var status = QuotaStatusCalculator.Compute(quota, pods);

        Assert.That(QuotaResources.Print(status.Hard), Is.EqualTo("count/pods=10,pods=5,requests.memory=1Gi"));
        Assert.That(QuotaResources.Print(status.Used), Is.EqualTo("count/pods=3,pods=2,requests.memory=0"));
        Assert.That(QuotaStatusCalculator.UpToDate(status, QuotaStatusCalculator.Compute(quota, pods)), Is.True);
        Assert.That(QuotaStatusCalculator.UpToDate(null, status), Is.False);
    }
}
