using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Storage;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.ApiServer.Tests.Admission;

[TestFixture]
[Category("Unit")]
public sealed class ResourceQuotaAdmissionTests
{
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;

    private static AdmissionAttributes Create(string name) =>
        new(AdmissionOperation.Create, Pods, null, "default", name, [], null, RequestUser.System);

    private static V1ResourceQuota Quota(Dictionary<string, string> hard, Dictionary<string, string>? used) => new()
    {
        Metadata = new V1ObjectMeta { Name = "q", NamespaceProperty = "default" },
        Status = new V1ResourceQuotaStatus
        {
            Hard = hard.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value)),
            Used = used?.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value)),
        },
    };

    private static V1Pod Pod(string? cpuLimit = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "main", Resources = cpuLimit is null ? null : new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit) } } }],
        },
    };

    private static Dictionary<string, ResourceQuantity> Usage(V1Pod pod) => ChaosLab.Client.Quota.QuotaUsage.Of("", "pods", pod);

    [Test]
    public void Within_the_limit_the_charge_is_the_new_usage()
    {
        var used = ResourceQuotaAdmission.Charge(Create("p"), Quota(new() { ["pods"] = "2" }, new() { ["pods"] = "1" }), Pod(), Usage(Pod()));

        Assert.That(used!["pods"].ToString(), Is.EqualTo("2"));
    }

    [Test]
    public void Beyond_the_limit_is_403_naming_the_quota_request_usage_and_limit()
    {
        var error = Assert.Throws<ApiException>(() =>
            ResourceQuotaAdmission.Charge(Create("p3"), Quota(new() { ["pods"] = "2" }, new() { ["pods"] = "2" }), Pod(), Usage(Pod())));

        Assert.That((error!.Code, error.Message), Is.EqualTo((403, "pods \"p3\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2")));
    }

    [Test]
    public void A_quota_on_limits_cpu_needs_every_container_to_state_it()
    {
        var quota = Quota(new() { ["limits.cpu"] = "1" }, new() { ["limits.cpu"] = "600m" });

        var missing = Assert.Throws<ApiException>(() => ResourceQuotaAdmission.Charge(Create("p"), quota, Pod(), Usage(Pod())));
        Assert.That(missing!.Message, Is.EqualTo("pods \"p\" is forbidden: failed quota: q: must specify limits.cpu for: main"));

        var exceeded = Assert.Throws<ApiException>(() => ResourceQuotaAdmission.Charge(Create("p"), quota, Pod("500m"), Usage(Pod("500m"))));
        Assert.That(exceeded!.Message, Does.EndWith("exceeded quota: q, requested: limits.cpu=500m, used: limits.cpu=600m, limited: limits.cpu=1"));
    }

    [Test]
    public void A_quota_whose_usage_is_not_computed_yet_refuses_until_the_controller_has_run()
    {
        var error = Assert.Throws<ApiException>(() => ResourceQuotaAdmission.Charge(Create("p"), Quota(new() { ["pods"] = "2" }, null), Pod(), Usage(Pod())));

        Assert.That(error!.Message, Is.EqualTo("pods \"p\" is forbidden: status unknown for quota: q, resources: pods"));
    }

    [Test]
    public void A_quota_that_limits_nothing_the_object_uses_does_not_charge()
    {
        Assert.That(ResourceQuotaAdmission.Charge(Create("p"), Quota(new() { ["services"] = "1" }, new() { ["services"] = "1" }), Pod(), Usage(Pod())), Is.Null);
    }

    [Test]
    public async Task A_create_where_the_cache_sees_no_quota_reads_nothing_and_makes_the_write_require_none()
    {
        // The store is never reached: the synced cache answers.
        var cache = new PrefixCache(null!, ResourceQuotaAdmission.StoragePrefix, NullLogger.Instance);
        cache.Load([new StoredValue(ResourceQuotaAdmission.StoragePrefix + "other/q", "{}"u8.ToArray(), 3, 3)]);
        var attributes = Create("p");

        await new ResourceQuotaAdmission(null!, cache).AdmitAsync(attributes, CancellationToken.None);

        Assert.That(attributes.EmptyPrefixes, Is.EqualTo(new[] { "/registry/resourcequotas/default/" }));
    }
}
