using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class ResourceRequestTests
{
    [TestCase("v1", "namespaces/default/pods", "pods", "default", null, null)]
    [TestCase("v1", "namespaces/default/pods/web-1", "pods", "default", "web-1", null)]
    [TestCase("v1", "namespaces/default/pods/web-1/status", "pods", "default", "web-1", "status")]
    [TestCase("v1", "pods", "pods", null, null, null)]
    [TestCase("v1", "namespaces", "namespaces", null, null, null)]
    [TestCase("v1", "namespaces/kube-system", "namespaces", null, "kube-system", null)]
    [TestCase("v1", "namespaces/kube-system/status", "namespaces", null, "kube-system", "status")]
    [TestCase("v1", "namespaces/kube-system/finalize", "namespaces", null, "kube-system", "finalize")]
    [TestCase("v1", "nodes/worker-1", "nodes", null, "worker-1", null)]
    [TestCase("apps/v1", "namespaces/a/deployments/web/scale", "deployments", "a", "web", "scale")]
    [TestCase("coordination.k8s.io/v1", "namespaces/kube-system/leases/kube-scheduler", "leases", "kube-system", "kube-scheduler", null)]
    public void Paths_name_resource_namespace_name_and_subresource(string gv, string rest, string plural, string? ns, string? name, string? sub)
    {
        var request = ResourceRequest.Parse(gv, rest.Split('/'))!;

        Assert.That((request.Type.Plural, request.Namespace, request.Name, request.Subresource), Is.EqualTo((plural, ns, name, sub)));
    }

    [TestCase("v1", "namespaces/a/pods/web:8080/proxy", "")]
    [TestCase("v1", "namespaces/a/pods/web/proxy/healthz", "healthz")]
    [TestCase("v1", "namespaces/a/services/https:web:443/proxy/a/b/status", "a/b/status")]
    [TestCase("v1", "nodes/worker-1/proxy/metrics/cadvisor", "metrics/cadvisor")]
    public void A_proxy_subresource_keeps_the_rest_of_the_path(string gv, string rest, string proxyPath)
    {
        var request = ResourceRequest.Parse(gv, rest.Split('/'))!;

        Assert.That((request.Subresource, request.ProxyPath), Is.EqualTo(("proxy", proxyPath)));
    }

    [TestCase("v1", "widgets")]
    [TestCase("v1", "namespaces/default/nodes")]
    [TestCase("v1", "pods/web-1")]
    [TestCase("v1", "namespaces/default/pods/web-1/bogus")]
    [TestCase("apps/v1", "pods")]
    [TestCase("v1", "namespaces/a/pods/b/status/extra")]
    [TestCase("v1", "namespaces/a/configmaps/b/proxy/x")]
    public void Unknown_or_misplaced_resources_are_not_found(string gv, string rest) =>
        Assert.That(ResourceRequest.Parse(gv, rest.Split('/')), Is.Null);
}
