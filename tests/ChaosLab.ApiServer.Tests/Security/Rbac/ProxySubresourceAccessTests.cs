using ChaosLab.ApiServer.Rest;
using static ChaosLab.ApiServer.Tests.Security.Rbac.RbacObjects;

namespace ChaosLab.ApiServer.Tests.Security.Rbac;

[Category("Unit")]
public sealed class ProxySubresourceAccessTests
{
    private static readonly RequestUser Alice = new("alice", ["system:authenticated"]);

    [Test]
    public async Task Edit_may_proxy_to_pods_and_services_of_its_namespace_but_not_to_nodes()
    {
        var authorizer = BootstrapAuthorizer.Create(
            RoleBinding("shop", "alice-edits", "ClusterRole", "system:aggregate-to-edit", """[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]"""));

        foreach (var verb in new[] { "get", "create", "update", "patch", "delete" })
        {
            Assert.That(await authorizer.Allowed(Alice, verb, "", "pods", "proxy", "shop", "web:8080"), Is.True, verb);
            Assert.That(await authorizer.Allowed(Alice, verb, "", "services", "proxy", "shop", "https:web:443"), Is.True, verb);
        }
        Assert.That(await authorizer.Allowed(Alice, "get", "", "pods", "proxy", "other", "web"), Is.False);
        Assert.That(await authorizer.Allowed(Alice, "get", "", "nodes", "proxy", null, "worker-1"), Is.False);
    }

    [Test]
    public async Task The_kubelet_api_admin_may_proxy_to_nodes()
    {
        var authorizer = BootstrapAuthorizer.Create(
            ClusterRoleBinding("alice-kubelets", "system:kubelet-api-admin", """[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]"""));

        Assert.That(await authorizer.Allowed(Alice, "get", "", "nodes", "proxy", null, "worker-1"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "create", "", "nodes", "proxy", null, "worker-1"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "list", "", "nodes"), Is.True);
        Assert.That(await authorizer.Allowed(Alice, "get", "", "pods", "proxy", "shop", "web"), Is.False);
    }
}
