using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Rbac;
using static ChaosLab.ApiServer.Tests.Security.Rbac.RbacObjects;

namespace ChaosLab.ApiServer.Tests.Security.Rbac;

[Category("Unit")]
public sealed class AuthorizerChainTests
{
    private static readonly RequestUser Admin = new("kubernetes-admin", ["system:masters", "system:authenticated"]);
    private static readonly RequestUser Alice = new("alice", ["system:authenticated"]);
    private static readonly RequestUser Robot = new("system:serviceaccount:shop:robot", ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"]);
    private static readonly RequestUser Anonymous = new("system:anonymous", ["system:unauthenticated"]);
    private static readonly RequestUser Kubelet = new("system:node:worker-1", ["system:nodes", "system:authenticated"]);

    [Test]
    public async Task A_RoleBinding_grants_its_Role_in_its_namespace_only()
    {
        var authorizer = BootstrapAuthorizer.Create(
            Role("shop", "pod-reader", """[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"]}]"""),
            RoleBinding("shop", "alice-reads", "Role", "pod-reader", """[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]"""));

        Assert.That(await authorizer.Allowed(Alice, "list", "", "pods", ns: "shop"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "delete", "", "pods", ns: "shop", name: "web"), Is.False);
        Assert.That(await authorizer.Allowed(Alice, "list", "", "pods", ns: "other"), Is.False);
        Assert.That(await authorizer.Allowed(Alice, "list", "", "pods"), Is.False, "all namespaces need a ClusterRoleBinding");
    }

    [Test]
    public async Task A_ServiceAccount_subject_is_its_user_name_with_the_binding_namespace_by_default()
    {
        var authorizer = BootstrapAuthorizer.Create(
            RoleBinding("shop", "robot-views", "ClusterRole", "pod-lister", """[{"kind":"ServiceAccount","name":"robot"}]"""),
            ClusterRole("pod-lister", """[{"verbs":["list"],"apiGroups":[""],"resources":["pods"]}]"""));

        Assert.That(await authorizer.Allowed(Robot, "list", "", "pods", ns: "shop"), Is.True);
        Assert.That(await authorizer.Allowed(Robot, "list", "", "pods", ns: "default"), Is.False);
        Assert.That(await authorizer.Allowed(Robot, "list", "", "secrets", ns: "shop"), Is.False);
    }

    [Test]
    public async Task Groups_bind_too_and_the_reason_names_the_binding()
    {
        var authorizer = BootstrapAuthorizer.Create();
        var decision = await authorizer.AuthorizeAsync(AccessRequest.ForResource(Admin, "delete", "apps", "deployments", null, "shop", "web"), null, CancellationToken.None);

        Assert.That(decision.Allowed, Is.True);
        Assert.That(decision.Reason, Is.EqualTo("RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\""));
    }

    [Test]
    public async Task Everyone_reaches_health_and_version_and_authenticated_users_discovery_and_self_reviews()
    {
        var authorizer = BootstrapAuthorizer.Create();

        Assert.That(await authorizer.AllowedPath(Anonymous, "get", "/readyz"), Is.True);
        Assert.That(await authorizer.AllowedPath(Anonymous, "get", "/version"), Is.True);
        Assert.That(await authorizer.AllowedPath(Anonymous, "get", "/apis"), Is.False);
        Assert.That(await authorizer.AllowedPath(Alice, "get", "/apis/apps/v1"), Is.True);
        Assert.That(await authorizer.AllowedPath(Alice, "get", "/openapi/v3"), Is.True);
        Assert.That(await authorizer.AllowedPath(Alice, "get", "/metrics"), Is.False);
        Assert.That(await authorizer.AllowedPath(Admin, "get", "/metrics"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "create", "authorization.k8s.io", "selfsubjectaccessreviews"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "create", "authentication.k8s.io", "selfsubjectreviews"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "create", "authorization.k8s.io", "subjectaccessreviews"), Is.False);
    }

    [Test]
    public async Task Components_hold_what_their_loops_need()
    {
        var authorizer = BootstrapAuthorizer.Create();
        var scheduler = new RequestUser("system:kube-scheduler", ["system:authenticated"]);
        var proxy = new RequestUser("system:kube-proxy", ["system:authenticated"]);
        var controllers = new RequestUser("system:kube-controller-manager", ["system:authenticated"]);

        Assert.That(await authorizer.Allowed(scheduler, "create", "", "pods", "binding", "shop", "web"), Is.True);
        Assert.That(await authorizer.Allowed(scheduler, "update", "coordination.k8s.io", "leases", null, "kube-system", "kube-scheduler"), Is.True);
        Assert.That(await authorizer.Allowed(scheduler, "delete", "apps", "deployments", null, "shop", "web"), Is.False);
        Assert.That(await authorizer.Allowed(proxy, "watch", "discovery.k8s.io", "endpointslices"), Is.True);
        Assert.That(await authorizer.Allowed(proxy, "list", "", "secrets"), Is.False);
        Assert.That(await authorizer.Allowed(controllers, "deletecollection", "batch", "jobs", null, "shop"), Is.True);
    }

    [Test]
    public async Task The_cluster_DNS_service_account_reads_what_DNS_serves_and_nothing_more()
    {
        var authorizer = BootstrapAuthorizer.Create();
        var dns = new RequestUser("system:serviceaccount:kube-system:kube-dns", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);
        var elsewhere = new RequestUser("system:serviceaccount:shop:kube-dns", ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"]);

        Assert.That(await authorizer.Allowed(dns, "watch", "discovery.k8s.io", "endpointslices"), Is.True);
        Assert.That(await authorizer.Allowed(dns, "list", "", "services"), Is.True);
        Assert.That(await authorizer.Allowed(dns, "list", "", "secrets"), Is.False);
        Assert.That(await authorizer.Allowed(dns, "create", "", "services", ns: "kube-system"), Is.False);
        Assert.That(await authorizer.Allowed(elsewhere, "list", "", "services"), Is.False, "the binding names kube-system's account only");
    }

    [Test]
    public async Task Kubelets_go_through_the_node_rules_first_and_get_nothing_from_RBAC()
    {
        var authorizer = BootstrapAuthorizer.Create();

        Assert.That(await authorizer.Allowed(Kubelet, "patch", "", "nodes", "status", name: "worker-1"), Is.True);
        Assert.That(await authorizer.Allowed(Kubelet, "update", "coordination.k8s.io", "leases", null, "kube-node-lease", "worker-1"), Is.True);
        Assert.That(await authorizer.Allowed(Kubelet, "watch", "", "services"), Is.True);
        Assert.That(await authorizer.Allowed(Kubelet, "delete", "apps", "deployments", null, "shop", "web"), Is.False);
        var secret = await authorizer.AuthorizeAsync(AccessRequest.ForResource(Kubelet, "get", "", "secrets", null, "shop", "tls"), null, CancellationToken.None);
        Assert.That((secret.Allowed, secret.Reason), Is.EqualTo((false, "no relationship found between node 'worker-1' and this object")));
    }
}
