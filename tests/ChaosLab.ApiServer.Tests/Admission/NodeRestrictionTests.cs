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

    [Test]
    public void A_kubelet_may_not_register_its_node_with_restricted_labels()
    {
        var node = Labelled("""{"kubernetes.io/hostname":"worker-1","node-restriction.kubernetes.io/pci":"true"}""");

        var ex = Assert.ThrowsAsync<ApiException>(async () => await Admit(new(AdmissionOperation.Create, Type("", "nodes"), null, null, "worker-1", node, null, Kubelet1)))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((403, "Forbidden")));
        Assert.That(ex.Message, Is.EqualTo(
            "nodes \"worker-1\" is forbidden: node \"worker-1\" may not add, change or remove its node-restriction.kubernetes.io labels: node-restriction.kubernetes.io/pci"));
    }

    [TestCase("""{}""", """{"node-restriction.kubernetes.io/x":"a"}""", Description = "added")]
    [TestCase("""{"node-restriction.kubernetes.io/x":"a"}""", """{"node-restriction.kubernetes.io/x":"b"}""", Description = "changed")]
    [TestCase("""{"node-restriction.kubernetes.io/x":"a"}""", """{}""", Description = "removed")]
    [TestCase("""{}""", """{"node-restriction.kubernetes.io/x":""}""", Description = "added empty")]
    [TestCase("""{}""", """{"tier.node-restriction.kubernetes.io/x":"a"}""", Description = "a subdomain")]
    public void A_kubelet_may_not_touch_restricted_labels_on_its_node(string before, string after)
    {
        var ex = Assert.ThrowsAsync<ApiException>(async () =>
            await Admit(new(AdmissionOperation.Update, Type("", "nodes"), null, null, "worker-1", Labelled(after), Labelled(before), Kubelet1)))!;

        Assert.That(ex.Code, Is.EqualTo(403));
        Assert.That(ex.Message, Does.Contain("node-restriction.kubernetes.io/x"));
    }

    [Test]
    public void A_kubelet_may_change_other_labels_and_keep_restricted_ones_an_admin_set()
    {
        var before = Labelled("""{"node-restriction.kubernetes.io/pci":"true","app":"a"}""");
        var after = Labelled("""{"node-restriction.kubernetes.io/pci":"true","app":"b","example.com/node-restriction.kubernetes.io":"x"}""");

        Assert.That(async () => await Admit(new(AdmissionOperation.Update, Type("", "nodes"), null, null, "worker-1", after, before, Kubelet1)), Throws.Nothing);
        Assert.That(async () => await Admit(new(AdmissionOperation.Update, Type("", "nodes"), "status", null, "worker-1", before, before, Kubelet1)), Throws.Nothing);
    }

    [Test]
    public void Restricted_labels_are_the_nodes_rule_only()
    {
        var admin = new RequestUser("kubernetes-admin", ["system:masters", "system:authenticated"]);
        var labelled = Labelled("""{"node-restriction.kubernetes.io/pci":"true"}""");

        Assert.That(async () => await Admit(new(AdmissionOperation.Update, Type("", "nodes"), null, null, "worker-1", labelled, Labelled("{}"), admin)), Throws.Nothing);
    }

    [Test]
    public void All_restricted_labels_touched_are_named_in_order()
    {
        var changed = NodeRestrictedLabels.Changed(
            Labelled("""{"node-restriction.kubernetes.io/b":"1","node-restriction.kubernetes.io/same":"s","keep":"k"}"""),
            Labelled("""{"node-restriction.kubernetes.io/a":"1","node-restriction.kubernetes.io/same":"s","keep":"changed"}"""));

        Assert.That(changed, Is.EqualTo(new[] { "node-restriction.kubernetes.io/a", "node-restriction.kubernetes.io/b" }));
    }

    [TestCase("node-restriction.kubernetes.io/x", true)]
    [TestCase("a.b.node-restriction.kubernetes.io/x", true)]
    [TestCase("node-restriction.kubernetes.io", false)]
    [TestCase("xnode-restriction.kubernetes.io/x", false)]
    [TestCase("kubernetes.io/hostname", false)]
    public void The_restricted_prefix_is_the_domain_or_a_subdomain_of_it(string key, bool restricted) =>
        Assert.That(NodeRestrictedLabels.IsRestricted(key), Is.EqualTo(restricted));

    private static JsonObject Labelled(string labels) => JsonNode.Parse($$$"""{"metadata":{"name":"worker-1","labels":{{{labels}}}}}""")!.AsObject();

    private static Task Admit(AdmissionAttributes a) => new NodeRestriction().AdmitAsync(a, default);
}
