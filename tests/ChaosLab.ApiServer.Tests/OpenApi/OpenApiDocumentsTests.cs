using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.OpenApi;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Tests.OpenApi;

[Category("Unit")]
public sealed class OpenApiDocumentsTests
{
    private const string DeploymentItem = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";

    private static JsonObject Apps => OpenApiDocuments.ForGroupVersion("apps/v1", ResourceCatalog.All);

    [Test]
    public void The_v3_root_lists_every_served_group_version_with_a_hashed_url()
    {
        var paths = OpenApiDocuments.Root(ResourceCatalog.All)["paths"]!.AsObject();

        Assert.That(paths.Select(p => p.Key),
            Is.EquivalentTo(ResourceCatalog.GroupVersions.Select(gv => gv.Contains('/', StringComparison.Ordinal) ? "apis/" + gv : "api/" + gv)));
        Assert.That(paths["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>(), Does.Match("^/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{16}$"));
        Assert.That(paths["api/v1"]!["serverRelativeURL"]!.GetValue<string>(), Does.StartWith("/openapi/v3/api/v1?hash="));
    }

    [Test]
    public void The_hash_in_the_root_is_the_hash_of_the_served_document_and_stays_the_same()
    {
        var url = OpenApiDocuments.Root(ResourceCatalog.All)["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var json = OpenApiDocuments.ForGroupVersionJson("apis/apps/v1", ResourceCatalog.All);
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..16];

        Assert.That(url, Does.EndWith("hash=" + sha));
        Assert.That(OpenApiDocuments.Hash("apps/v1", ResourceCatalog.All), Is.EqualTo(sha));
    }

    [Test]
    public void The_apps_document_is_openapi_3_with_paths_and_schemas()
    {
        var doc = Apps;

        Assert.That(doc["openapi"]!.GetValue<string>(), Does.StartWith("3.0"));
        Assert.That(doc["info"]!["title"]!.GetValue<string>(), Is.EqualTo("Kubernetes"));
        Assert.That(doc["paths"]!.AsObject().ContainsKey("/apis/apps/v1/namespaces/{namespace}/deployments"), Is.True);
        Assert.That(doc["paths"]!.AsObject().ContainsKey("/apis/apps/v1/deployments"), Is.True);
        Assert.That(doc["paths"]!.AsObject().ContainsKey("/api/v1/namespaces/{namespace}/pods"), Is.False);
    }

    [Test]
    public void Deployment_patch_takes_field_validation_and_names_its_group_version_kind()
    {
        var patch = Apps["paths"]![DeploymentItem]!["patch"]!;

        Assert.That(patch["x-kubernetes-action"]!.GetValue<string>(), Is.EqualTo("patch"));
        Assert.That(patch["x-kubernetes-group-version-kind"]!.ToJsonString(), Is.EqualTo("""{"group":"apps","kind":"Deployment","version":"v1"}"""));
        Assert.That(patch["parameters"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query"), Is.True);
        Assert.That(patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key), Is.SupersetOf(new[]
        {
            "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json",
        }));
        Assert.That(patch["operationId"]!.GetValue<string>(), Is.EqualTo("patchAppsV1NamespacedDeployment"));
    }

    [Test]
    public void The_deployment_item_path_has_get_put_patch_and_delete() =>
        Assert.That(Apps["paths"]![DeploymentItem]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "get", "put", "patch", "delete" }));

    [Test]
    public void The_proxy_subresources_have_connect_paths_for_every_method()
    {
        var paths = OpenApiDocuments.ForGroupVersion("v1", ResourceCatalog.All)["paths"]!.AsObject();

        foreach (var path in new[] { "/api/v1/namespaces/{namespace}/pods/{name}/proxy", "/api/v1/namespaces/{namespace}/services/{name}/proxy/{path}", "/api/v1/nodes/{name}/proxy" })
        {
            Assert.That(paths[path]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "delete", "get", "head", "options", "patch", "post", "put", "parameters" }), path);
        }
        var get = paths["/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}"]!["get"]!;
        Assert.That(((string?)get["operationId"], (string?)get["x-kubernetes-action"], (string?)get["x-kubernetes-group-version-kind"]!["kind"]),
            Is.EqualTo(("connectCoreV1GetNamespacedPodProxyWithPath", "connect", "PodProxyOptions")));
        Assert.That((string?)paths["/api/v1/nodes/{name}/proxy"]!["post"]!["operationId"], Is.EqualTo("connectCoreV1PostNodeProxy"));
    }

    [Test]
    public void Every_patch_in_every_document_takes_field_validation()
    {
        // The review APIs' groups take only create: they have no patch.
        foreach (var gv in ResourceCatalog.GroupVersions.Where(gv => ResourceCatalog.InGroupVersion(gv).Any(r => r.Verbs.Contains("patch"))))
        {
            var patches = OpenApiDocuments.ForGroupVersion(gv, ResourceCatalog.All)["paths"]!.AsObject()
                .Select(p => p.Value!["patch"]).OfType<JsonObject>()
                .Where(p => (string?)p["x-kubernetes-action"] != "connect").ToList();

            Assert.That(patches, Is.Not.Empty, gv);
            Assert.That(patches.All(p => p["parameters"]!.AsArray().Any(q => q!["name"]!.GetValue<string>() == "fieldValidation")), Is.True, gv);
        }
    }

    [Test]
    public void The_scale_subresource_patch_names_autoscaling_scale()
    {
        var patch = Apps["paths"]![DeploymentItem + "/scale"]!["patch"]!;

        Assert.That(patch["x-kubernetes-group-version-kind"]!.ToJsonString(), Is.EqualTo("""{"group":"autoscaling","kind":"Scale","version":"v1"}"""));
        Assert.That(Apps["components"]!["schemas"]!.AsObject().ContainsKey("io.k8s.api.autoscaling.v1.Scale"), Is.True);
    }

    [Test]
    public void The_deployment_schema_carries_its_group_version_kind()
    {
        var deployment = Schema(Apps, "io.k8s.api.apps.v1.Deployment");

        Assert.That(deployment["x-kubernetes-group-version-kind"]!.ToJsonString(), Is.EqualTo("""[{"group":"apps","kind":"Deployment","version":"v1"}]"""));
        Assert.That(Schema(Apps, "io.k8s.api.apps.v1.DeploymentList")["x-kubernetes-group-version-kind"], Is.Not.Null);
    }

    [Test]
    public void Deployment_containers_merge_by_name_through_template_and_pod_spec()
    {
        var doc = Apps;
        var spec = Property(doc, Schema(doc, "io.k8s.api.apps.v1.Deployment"), "spec");
        var template = Property(doc, spec, "template");
        var podSpec = Property(doc, template, "spec");
        var containers = podSpec["properties"]!["containers"]!;

        Assert.That(containers["type"]!.GetValue<string>(), Is.EqualTo("array"));
        Assert.That(containers["x-kubernetes-patch-merge-key"]!.GetValue<string>(), Is.EqualTo("name"));
        Assert.That(containers["x-kubernetes-patch-strategy"]!.GetValue<string>(), Is.EqualTo("merge"));
        var container = Resolve(doc, containers["items"]!);
        Assert.That(container["properties"]!["env"]!["x-kubernetes-patch-merge-key"]!.GetValue<string>(), Is.EqualTo("name"));
        Assert.That(container["properties"]!["ports"]!["x-kubernetes-patch-merge-key"]!.GetValue<string>(), Is.EqualTo("containerPort"));
        Assert.That(container["properties"]!["volumeMounts"]!["x-kubernetes-patch-merge-key"]!.GetValue<string>(), Is.EqualTo("mountPath"));
    }

    [Test]
    public void Schema_names_follow_upstream_packages()
    {
        var schemas = Apps["components"]!["schemas"]!.AsObject();

        Assert.That(schemas.Select(s => s.Key), Is.SupersetOf(new[]
        {
            "io.k8s.api.apps.v1.DeploymentSpec", "io.k8s.api.apps.v1.DeploymentStrategy", "io.k8s.api.apps.v1.RollingUpdateDeployment",
            "io.k8s.api.core.v1.PodTemplateSpec", "io.k8s.api.core.v1.PodSpec", "io.k8s.api.core.v1.Container",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
        }));
        Assert.That(schemas.Select(s => s.Key), Has.None.StartsWith("io.k8s.api.apps.v1.Pod"));
    }

    [Test]
    public void Int_or_string_and_quantity_fields_are_strings_with_upstream_names()
    {
        var core = OpenApiDocuments.ForGroupVersion("v1", ResourceCatalog.All);
        var targetPort = Resolve(core, Schema(core, "io.k8s.api.core.v1.ServicePort")["properties"]!["targetPort"]!);
        var limits = Schema(core, "io.k8s.api.core.v1.ResourceRequirements")["properties"]!["limits"]!;

        Assert.That(targetPort["x-kubernetes-int-or-string"]!.GetValue<bool>(), Is.True);
        Assert.That(limits["type"]!.GetValue<string>(), Is.EqualTo("object"));
        Assert.That(Resolve(core, limits["additionalProperties"]!)["type"]!.GetValue<string>(), Is.EqualTo("string"));
    }

    [Test]
    public void An_unserved_group_version_is_not_found() =>
        Assert.That(() => OpenApiDocuments.ForGroupVersion("unserved.example.com/v1", ResourceCatalog.All),
            Throws.TypeOf<ApiException>().With.Property("Code").EqualTo(404));

    private static JsonObject Schema(JsonObject doc, string name) => doc["components"]!["schemas"]![name]!.AsObject();

    private static JsonObject Property(JsonObject doc, JsonObject schema, string name) => Resolve(doc, schema["properties"]![name]!);

    /// <summary>Follows allOf[0].$ref (or a bare $ref) to the component it names, as kubectl does.</summary>
    private static JsonObject Resolve(JsonObject doc, JsonNode schema)
    {
        var node = schema["allOf"] is JsonArray allOf ? allOf[0]! : schema;
        return node["$ref"] is { } reference
            ? Schema(doc, reference.GetValue<string>()["#/components/schemas/".Length..])
            : node.AsObject();
    }
}
