using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Streaming;
using ChaosLab.ApiServer.Tests.Security.Rbac;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class SubresourceAccessTests
{
    private static readonly RequestUser Admin = new("kubernetes-admin", ["system:masters", "system:authenticated"]);
    private static readonly RequestUser Kubelet = new("system:node:worker-1", ["system:nodes", "system:authenticated"]);
    private static readonly RequestUser Proxy = new("system:kube-proxy", ["system:authenticated"]);

    [TestCase("namespaces/default/pods/web/log", "log")]
    [TestCase("namespaces/default/pods/web/exec", "exec")]
    [TestCase("namespaces/default/pods/web/attach", "attach")]
    [TestCase("namespaces/default/pods/web/portforward", "portforward")]
    public void Log_exec_attach_and_portforward_are_pod_subresources_served_by_streaming(string path, string subresource)
    {
        var request = ResourceRequest.Parse("v1", path.Split('/'))!;

        Assert.That((request.Type.Plural, request.Name, request.Subresource), Is.EqualTo(("pods", "web", subresource)));
        Assert.That(PodStreamHandler.Handles(request), Is.True);
        Assert.That(PodStreamHandler.Handles(ResourceRequest.Parse("v1", "namespaces/default/pods/web/status".Split('/'))!), Is.False);
    }

    [TestCase("GET", "log", "get")]
    [TestCase("GET", "exec", "create")]
    [TestCase("POST", "exec", "create")]
    [TestCase("GET", "attach", "create")]
    [TestCase("POST", "attach", "create")]
    [TestCase("GET", "portforward", "create")]
    [TestCase("POST", "portforward", "create")]
    public void Reading_a_log_is_get_and_exec_is_create_even_as_a_WebSocket_GET(string method, string subresource, string verb)
    {
        var request = ResourceRequest.Parse("v1", $"namespaces/default/pods/web/{subresource}".Split('/'))!;

        Assert.That(ResourceHandler.Verb(method, request, Query.Of("")), Is.EqualTo(verb));
    }

    [TestCase("POST", "log")]
    [TestCase("DELETE", "exec")]
    [TestCase("PUT", "attach")]
    [TestCase("DELETE", "portforward")]
    public void Other_methods_are_405(string method, string subresource)
    {
        var request = ResourceRequest.Parse("v1", $"namespaces/default/pods/web/{subresource}".Split('/'))!;

        Assert.That(Assert.Throws<ApiException>(() => ResourceHandler.Verb(method, request, Query.Of("")))!.Code, Is.EqualTo(405));
    }

    [Test]
    public async Task Admins_may_read_logs_and_exec_while_nodes_and_kube_proxy_may_not()
    {
        var authorizer = BootstrapAuthorizer.Create();
        Assert.That((await authorizer.Allowed(Admin, "get", "", "pods", "log", "default", "web"), await authorizer.Allowed(Admin, "create", "", "pods", "exec", "default", "web")), Is.EqualTo((true, true)));
        Assert.That((await authorizer.Allowed(Kubelet, "get", "", "pods", "log", "default", "web"), await authorizer.Allowed(Kubelet, "create", "", "pods", "exec", "default", "web")), Is.EqualTo((false, false)));
        Assert.That(await authorizer.Allowed(Proxy, "get", "", "pods", "log", "default", "web"), Is.False);
        // The node's other reads are unchanged.
        Assert.That(await authorizer.Allowed(Kubelet, "get", "", "pods", null, "default", "web"), Is.True);
    }
}
