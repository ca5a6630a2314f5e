using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Tests.Security.Rbac;

namespace ChaosLab.ApiServer.Tests.Security;

[Category("Unit")]
public sealed class NodeAuthorizerTests
{
    private const string NoRelationship = "no relationship found between node 'worker-1' and this object";

    private static readonly JsonObject[] Pods =
    [
        Pod("web", "shop", "worker-1", """{"volumes":[{"name":"v","secret":{"secretName":"tls"}},{"name":"c","configMap":{"name":"conf"}},{"name":"d","persistentVolumeClaim":{"claimName":"data"}}],"serviceAccountName":"robot"}"""),
        Pod("api", "shop", "worker-2", """{"volumes":[{"name":"v","secret":{"secretName":"theirs"}}]}"""),
        Pod("pending", "shop", null, """{"volumes":[{"name":"v","secret":{"secretName":"unbound"}}]}"""),
        Pod("web", "other", "worker-1", """{"volumes":[{"name":"v","secret":{"secretName":"elsewhere"}}]}"""),
    ];

    private readonly List<(string Node, string Ns)> _lookups = [];

    [SetUp]
    public void ForgetLookups() => _lookups.Clear();

    private static JsonObject Pod(string name, string ns, string? node, string spec)
    {
        var pod = JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{{{spec}}}}""")!.AsObject();
        if (node is not null)
        {
            pod["spec"]!["nodeName"] = node;
        }
        return pod;
    }

    // The lookup hands back every pod, so the decision itself must check node and namespace.
    private NodeAuthorizer OverPods() => new((node, ns, _) =>
    {
        _lookups.Add((node, ns));
        return Task.FromResult<IReadOnlyList<JsonObject>>(Pods);
    });

    private Task<string?> Refusal(string verb, string resource, string? ns, string? name, string? subresource = null) =>
        OverPods().RefusalAsync("worker-1", verb, resource, subresource, ns, name, default);

    [TestCase("secrets", "tls")]
    [TestCase("configmaps", "conf")]
    [TestCase("persistentvolumeclaims", "data")]
    [TestCase("serviceaccounts", "robot")]
    public async Task A_node_may_get_what_a_pod_bound_to_it_names(string resource, string name)
    {
        Assert.That(await Refusal("get", resource, "shop", name), Is.Null);
        Assert.That(_lookups, Is.EqualTo(new[] { ("worker-1", "shop") }), "pods are looked up in the request's namespace only");
    }

    [TestCase("secrets", "absent", Description = "named by no pod")]
    [TestCase("configmaps", "tls", Description = "named, but as a secret")]
    [TestCase("secrets", "theirs", Description = "named by a pod bound to another node")]
    [TestCase("secrets", "unbound", Description = "named by a pod not bound yet")]
    [TestCase("secrets", "elsewhere", Description = "named by a pod of this node in another namespace")]
    public async Task Anything_else_has_no_relationship_to_the_node(string resource, string name) =>
        Assert.That(await Refusal("get", resource, "shop", name), Is.EqualTo(NoRelationship));

    [TestCase("list")]
    [TestCase("watch")]
    public async Task A_list_or_watch_is_allowed_only_for_one_referenced_object_named_by_a_field_selector(string verb)
    {
        Assert.That(await Refusal(verb, "secrets", "shop", NodeAuthorizer.RequestedName(verb, null, null)), Is.EqualTo("No Object name found"));
        Assert.That(await Refusal(verb, "secrets", "shop", NodeAuthorizer.RequestedName(verb, null, "type=Opaque")), Is.EqualTo("No Object name found"));
        Assert.That(await Refusal(verb, "secrets", "shop", NodeAuthorizer.RequestedName(verb, null, "metadata.name!=tls")), Is.EqualTo("No Object name found"));
        Assert.That(await Refusal(verb, "secrets", "shop", NodeAuthorizer.RequestedName(verb, null, "metadata.name=absent")), Is.EqualTo(NoRelationship));
        Assert.That(await Refusal(verb, "secrets", "shop", NodeAuthorizer.RequestedName(verb, null, "metadata.name=tls")), Is.Null);
        Assert.That(await Refusal(verb, "secrets", "shop", NodeAuthorizer.RequestedName(verb, null, "metadata.name==tls,type=Opaque")), Is.Null);
    }

    [Test]
    public async Task A_node_may_create_tokens_only_for_the_service_accounts_its_pods_run_as()
    {
        Assert.That(await Refusal("create", "serviceaccounts", "shop", "robot", "token"), Is.Null);
        Assert.That(await Refusal("create", "serviceaccounts", "shop", "default", "token"), Is.EqualTo(NoRelationship));
        Assert.That(await Refusal("create", "serviceaccounts", "shop", "robot"), Is.EqualTo("can only read resources of this type"));
    }

    [Test]
    public void The_requested_name_is_the_paths_and_a_selector_names_only_lists_and_watches()
    {
        Assert.That(NodeAuthorizer.RequestedName("get", "tls", null), Is.EqualTo("tls"));
        Assert.That(NodeAuthorizer.RequestedName("watch", "tls", "metadata.name=other"), Is.EqualTo("tls"));
        Assert.That(NodeAuthorizer.RequestedName("deletecollection", null, "metadata.name=tls"), Is.Null);
    }

    [Test]
    public async Task Reading_across_namespaces_is_refused() =>
        Assert.That(await Refusal("list", "secrets", null, "tls"), Is.EqualTo("can only read namespaced object of this type"));

    [TestCase("create")]
    [TestCase("update")]
    [TestCase("patch")]
    [TestCase("delete")]
    [TestCase("deletecollection")]
    public async Task A_node_may_only_read_these_objects(string verb)
    {
        Assert.That(await Refusal(verb, "secrets", "shop", "tls"), Is.EqualTo("can only read resources of this type"));
        Assert.That(_lookups, Is.Empty, "no pods are read for a request refused on its verb");
    }

    [Test]
    public async Task Subresources_are_refused() =>
        Assert.That(await Refusal("get", "serviceaccounts", "shop", "robot", "token"), Is.EqualTo("cannot read subresource"));

    [Test]
    public async Task The_chain_leaves_these_reads_to_the_graph_and_gives_nodes_upstreams_node_rules()
    {
        var kubelet = new RequestUser("system:node:worker-1", ["system:nodes", "system:authenticated"]);
        var chain = BootstrapAuthorizer.Create();

        foreach (var resource in NodeAuthorizer.Resources)
        {
            Assert.That(await chain.Allowed(kubelet, "get", "", resource, null, "shop", "unreferenced"), Is.False, resource);
        }
        foreach (var resource in new[] { "pods", "nodes", "services" })
        {
            Assert.That(await chain.Allowed(kubelet, "list", "", resource) && await chain.Allowed(kubelet, "watch", "", resource), Is.True, resource);
        }
    }

    [Test]
    public void The_refusal_reads_as_upstreams()
    {
        var secrets = ResourceCatalog.Find("", "v1", "secrets")!;

        var forbidden = ApiException.Forbidden("system:node:worker-1", "get", secrets, null, "ns", "x", "no relationship found between node 'worker-1' and this object");

        Assert.That(forbidden.Code, Is.EqualTo(403));
        Assert.That(forbidden.Message, Is.EqualTo(
            "secrets \"x\" is forbidden: User \"system:node:worker-1\" cannot get resource \"secrets\" in API group \"\" in the namespace \"ns\": no relationship found between node 'worker-1' and this object"));
    }

    [Test]
    public void Only_kubelets_are_nodes()
    {
        Assert.That(NodeIdentity.Of(new RequestUser("system:node:worker-1", ["system:nodes"])), Is.EqualTo("worker-1"));
        Assert.That(NodeIdentity.Of(new RequestUser("system:node:worker-1", ["system:authenticated"])), Is.Null, "not in system:nodes");
        Assert.That(NodeIdentity.Of(new RequestUser("worker-1", ["system:nodes"])), Is.Null, "not named system:node:NAME");
    }
}
