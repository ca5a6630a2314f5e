using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Admission;

[Category("Unit")]
public sealed class NodeRestrictionTests
{
    private static readonly RequestUser Kubelet1 = new("system:node:worker-1", ["system:nodes", "system:authenticated"]);

    private static ResourceType Type(string group, string plural) => ResourceCatalog.All.Single(r => r.Group == group && r.Plural == plural);

    [Test]
    public void A_kubelet_may_update_its_own_node() =>
        Assert.That(async () => await Admit(new(AdmissionOperation.Update, Type("", "nodes"), "status", null, "worker-1", new JsonObject(), new JsonObject(), Kubelet1)), Throws.Nothing);

    [Test]
    public void A_kubelet_writing_another_node_is_forbidden()
    {
        var ex = Assert.ThrowsAsync<ApiException>(async () => await Admit(new(AdmissionOperation.Update, Type("", "nodes"), "status", null, "worker-2", new JsonObject(), new JsonObject(), Kubelet1)))!;
        Assert.That(ex.Code, Is.EqualTo(403));
        Assert.That(ex.Message, Does.Contain("worker-2"));
    }

    [Test]
    public void A_kubelet_may_write_status_only_of_pods_bound_to_it()
    {
        var mine = JsonNode.Parse("""{"spec":{"nodeName":"worker-1"}}""")!.AsObject();
        var theirs = JsonNode.Parse("""{"spec":{"nodeName":"worker-2"}}""")!.AsObject();
        var pods = Type("", "pods");

        Assert.That(async () => await Admit(new(AdmissionOperation.Update, pods, "status", "default", "a", mine, mine, Kubelet1)), Throws.Nothing);
        Assert.That(async () => await Admit(new(AdmissionOperation.Update, pods, "status", "default", "b", theirs, theirs, Kubelet1)), Throws.InstanceOf<ApiException>());
        Assert.That(async () => await Admit(new(AdmissionOperation.Update, pods, null, "default", "a", mine, mine, Kubelet1)), Throws.InstanceOf<ApiException>(), "spec writes are not the kubelet's");
    }

    [Test]
    public void A_kubelet_may_renew_only_its_own_node_lease()
    {
        var leases = Type("coordination.k8s.io", "leases");
        Assert.That(async () => await Admit(new(AdmissionOperation.Update, leases, null, "kube-node-lease", "worker-1", new JsonObject(), new JsonObject(), Kubelet1)), Throws.Nothing);
        Assert.That(async () => await Admit(new(AdmissionOperation.Update, leases, null, "kube-system", "kube-scheduler", new JsonObject(), new JsonObject(), Kubelet1)), Throws.InstanceOf<ApiException>());
    }

    private static Task Admit(AdmissionAttributes a) => new NodeRestriction().AdmitAsync(a, default);
}
