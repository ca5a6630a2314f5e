using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Tests.Security.Rbac;
using static ChaosLab.ApiServer.Tests.Security.Rbac.RbacObjects;

namespace ChaosLab.ApiServer.Tests.Admission;

[Category("Unit")]
public sealed class RbacEscalationCheckTests
{
    private static readonly RequestUser Alice = new("alice", ["system:authenticated"]);
    private static readonly RequestUser Admin = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    // alice may manage roles and bindings in "shop" and read pods there, nothing more.
    private static readonly RbacEscalationCheck Check = new(BootstrapAuthorizer.Create(
        Role("shop", "rbac-manager", """[{"verbs":["create","get","list","update","delete"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles","rolebindings"]},{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"]}]"""),
        RoleBinding("shop", "alice-manages", "Role", "rbac-manager", """[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]"""),
        Role("shop", "pod-reader", """[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]"""),
        Role("shop", "secret-reader", """[{"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]""")));

    private static ResourceType Type(string plural) => ResourceCatalog.All.Single(r => r.Group == "rbac.authorization.k8s.io" && r.Plural == plural);

    private static Task Create(RequestUser user, string plural, JsonObject obj) =>
        Check.AdmitAsync(new AdmissionAttributes(AdmissionOperation.Create, Type(plural), null, "shop", (string?)obj["metadata"]!["name"], obj, null, user), CancellationToken.None);

    [Test]
    public void A_role_with_rules_the_writer_holds_is_admitted() =>
        Assert.That(() => Create(Alice, "roles", Role("shop", "mine", """[{"verbs":["list"],"apiGroups":[""],"resources":["pods"]}]""")), Throws.Nothing);

    [Test]
    public void A_role_with_rules_the_writer_lacks_is_403_with_upstreams_message()
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => Create(Alice, "roles", Role("shop", "more", """[{"verbs":["get","delete"],"apiGroups":[""],"resources":["pods"]}]""")))!;

        Assert.That(ex.Code, Is.EqualTo(403));
        Assert.That(ex.Message, Is.EqualTo(
            "roles.rbac.authorization.k8s.io \"more\" is forbidden: user \"alice\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n" +
            "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}"));
    }

    [Test]
    public void Binding_a_role_needs_its_rules_or_bind()
    {
        Assert.That(() => Create(Alice, "rolebindings", RoleBinding("shop", "b1", "Role", "pod-reader", """[{"kind":"User","name":"bob","apiGroup":"rbac.authorization.k8s.io"}]""")), Throws.Nothing);
        var ex = Assert.ThrowsAsync<ApiException>(() => Create(Alice, "rolebindings", RoleBinding("shop", "b2", "Role", "secret-reader", """[{"kind":"User","name":"bob","apiGroup":"rbac.authorization.k8s.io"}]""")))!;
        Assert.That((ex.Code, ex.Message), Is.EqualTo((403, ex.Message)));
        Assert.That(ex.Message, Does.Contain("is attempting to grant RBAC permissions not currently held").And.Contain("Resources:[\"secrets\"]"));
        Assert.That(() => Create(Alice, "rolebindings", RoleBinding("shop", "b3", "Role", "absent", "[]")), Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(404));
    }

    [Test]
    public void System_masters_and_holders_of_escalate_or_bind_may_grant_anything()
    {
        var wide = Role("shop", "wide", """[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]}]""");
        Assert.That(() => Create(Admin, "roles", wide), Throws.Nothing);

        var escalator = new RequestUser("eve", ["system:authenticated"]);
        var check = new RbacEscalationCheck(BootstrapAuthorizer.Create(
            ClusterRole("escalator", """[{"verbs":["escalate","bind"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles","clusterroles"]}]"""),
            ClusterRoleBinding("eve-escalates", "escalator", """[{"kind":"User","name":"eve","apiGroup":"rbac.authorization.k8s.io"}]""")));
        Assert.That(() => check.AdmitAsync(new AdmissionAttributes(AdmissionOperation.Create, Type("roles"), null, "shop", "wide", wide, null, escalator), CancellationToken.None), Throws.Nothing);
        var binding = RoleBinding("shop", "eve-admin", "ClusterRole", "cluster-admin", """[{"kind":"User","name":"eve","apiGroup":"rbac.authorization.k8s.io"}]""");
        Assert.That(() => check.AdmitAsync(new AdmissionAttributes(AdmissionOperation.Create, Type("rolebindings"), null, "shop", "eve-admin", binding, null, escalator), CancellationToken.None), Throws.Nothing);
    }
}
