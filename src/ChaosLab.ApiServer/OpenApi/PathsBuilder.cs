using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using k8s.Models;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>
/// The paths of one group-version in upstream's shape: collection, item and subresource operations, each with its
/// x-kubernetes-action and x-kubernetes-group-version-kind. kubectl apply looks for a PATCH whose GVK matches and
/// which lists fieldValidation; it stops at the first such PATCH, so every PATCH lists it.
/// </summary>
internal static class PathsBuilder
{
    private static readonly HashSet<string> ConnectSubresources = ["log", "exec", "attach", "portforward", "proxy"];

    private static readonly string[] PatchContentTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    /// <summary>Custom resources take no strategic merge patch; kubectl apply reads this list to choose its patch type.</summary>
    private static readonly string[] CustomPatchContentTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"];

    private static readonly string[] ListParameters =
        ["allowWatchBookmarks:boolean", "continue", "fieldSelector", "labelSelector", "limit:integer", "resourceVersion",
         "resourceVersionMatch", "sendInitialEvents:boolean", "timeoutSeconds:integer", "watch:boolean"];

    private static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation"];

    private static readonly string[] PatchParameters = [.. WriteParameters, "force:boolean"];

    private static readonly string[] DeleteParameters = ["dryRun", "gracePeriodSeconds:integer", "orphanDependents:boolean", "propagationPolicy"];

    public static JsonObject Build(IEnumerable<ResourceType> types, SchemaGenerator schemas)
    {
        var status = schemas.Add(typeof(V1Status));
        var deleteOptions = schemas.Add(typeof(V1DeleteOptions));
        var patch = SchemaNames.MetaPackage + ".Patch";
        schemas.AddRaw(patch, new JsonObject { ["type"] = "object" });
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var r in types)
        {
            var op = new OperationFactory(r, r.Custom is null ? schemas.Add(r.ModelType) : CustomResourceSchemas.Add(schemas, r), status, deleteOptions, patch);
            var listModel = r.Custom is null ? ModelTypes.Find(r.Group, r.Version, r.ListKind) : null;
            var list = r.Custom is not null ? CustomResourceSchemas.AddList(schemas, r, op.Kind) : listModel is null ? op.Kind : schemas.Add(listModel);
            var collection = r.UrlPrefix + (r.Namespaced ? "/namespaces/{namespace}/" : "/") + r.Plural;
            var item = collection + "/{name}";

            paths[collection] = PathItem(r.Namespaced ? ["namespace"] : [],
                Has(r, "list") ? ("get", op.List(list, allNamespaces: false)) : null,
                Has(r, "create") ? ("post", op.Create(op.Kind, "")) : null,
                Has(r, "deletecollection") ? ("delete", op.DeleteCollection()) : null);
            paths[item] = PathItem(r.Namespaced ? ["name", "namespace"] : ["name"],
                Has(r, "get") ? ("get", op.Read(op.Kind, "")) : null,
                Has(r, "update") ? ("put", op.Replace(op.Kind, "")) : null,
                Has(r, "patch") ? ("patch", op.Patch(op.Kind, "")) : null,
                Has(r, "delete") ? ("delete", op.Delete()) : null);
            if (r.Namespaced && Has(r, "list"))
            {
                paths[$"{r.UrlPrefix}/{r.Plural}"] = PathItem([], ("get", op.List(list, allNamespaces: true)));
            }

            if (r.Subresource("proxy") is { } proxy)
            {
                var connect = op.For(proxy);
                var names = r.Namespaced ? new[] { "name", "namespace" } : ["name"];
                var pathQuery = Query("path");
                pathQuery["description"] = $"Path is the URL path to use for the current proxy request to {r.Singular}.";
                paths[$"{item}/proxy"] = ConnectPathItem(names, connect, withPath: false, pathQuery);
                paths[$"{item}/proxy/{{path}}"] = ConnectPathItem([.. names, "path"], connect, withPath: true, pathQuery);
            }

            foreach (var sub in r.Subresources.Where(s => !ConnectSubresources.Contains(s.Name)))
            {
                var model = ModelTypes.Find(sub.Group, sub.Version, sub.Kind);
                if (model is null && !(r.Custom is not null && sub.Name == "status"))
                {
                    continue;
                }

                var kind = model is null ? op.Kind : schemas.Add(model);
                var s = op.For(sub);
                paths[$"{item}/{sub.Name}"] = PathItem(r.Namespaced ? ["name", "namespace"] : ["name"],
                    sub.Verbs.Contains("get") ? ("get", s.Read(kind, sub.Name)) : null,
                    sub.Verbs.Contains("create") ? ("post", s.Create(kind, sub.Name)) : null,
                    sub.Verbs.Contains("update") ? ("put", s.Replace(kind, sub.Name)) : null,
                    sub.Verbs.Contains("patch") ? ("patch", s.Patch(kind, sub.Name)) : null);
            }
        }

        return new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
    }

    private static bool Has(ResourceType r, string verb) => r.Verbs.Contains(verb);

    /// <summary>A proxy path: every method as a connect operation answering a string, as upstream's.</summary>
    private static JsonObject ConnectPathItem(string[] pathParameters, OperationFactory connect, bool withPath, JsonObject pathQuery)
    {
        string[] methods = ["delete", "get", "head", "options", "patch", "post", "put"];
        var item = PathItem(pathParameters, [.. methods.Select(m => ((string, JsonObject)?)(m, connect.Connect(m, withPath)))]);
        ((JsonArray)item["parameters"]!).Add(pathQuery.DeepClone());
        return item;
    }

    private static JsonObject PathItem(string[] pathParameters, params (string Method, JsonObject Operation)?[] operations)
    {
        var item = new JsonObject();
        foreach (var (method, operation) in operations.OfType<(string, JsonObject)>())
        {
            item[method] = operation;
        }

        var parameters = pathParameters.Select(p => (JsonNode?)new JsonObject
        {
            ["in"] = "path",
            ["name"] = p,
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
        });
        item["parameters"] = new JsonArray([.. parameters, Query("pretty")]);
        return item;
    }

    internal static JsonObject Query(string spec)
    {
        var parts = spec.Split(':');
        return new JsonObject
        {
            ["in"] = "query",
            ["name"] = parts[0],
            ["schema"] = new JsonObject { ["type"] = parts.Length > 1 ? parts[1] : "string", ["uniqueItems"] = true },
        };
    }

    /// <summary>Builds the operations of one resource, or of one of its subresources via <see cref="For"/>.</summary>
    private sealed class OperationFactory(ResourceType r, string kind, string status, string deleteOptions, string patch)
    {
        private string gvkGroup = r.Group;
        private string gvkVersion = r.Version;
        private string gvkKind = r.Kind;

        public string Kind { get; } = kind;

        public OperationFactory For(SubresourceType sub) =>
            new(r, Kind, status, deleteOptions, patch) { gvkGroup = sub.Group, gvkVersion = sub.Version, gvkKind = sub.Kind };

        public JsonObject List(string listSchema, bool allNamespaces) =>
            Operation("list", "list", allNamespaces ? "ForAllNamespaces" : "", $"list or watch objects of kind {r.Kind}", ListParameters, null,
                Responses(listSchema, ["200"], "application/json;stream=watch"), namespaced: !allNamespaces);

        public JsonObject Create(string schema, string sub) =>
            Operation("create", "post", Suffix(sub), Describe("create", sub, "a"), WriteParameters,
                Body(schema, "*/*"), Responses(schema, ["200", "201", "202"]));

        public JsonObject Read(string schema, string sub) =>
            Operation("read", "get", Suffix(sub), Describe("read", sub, "the specified"), [], null, Responses(schema, ["200"]));

        public JsonObject Replace(string schema, string sub) =>
            Operation("replace", "put", Suffix(sub), Describe("replace", sub, "the specified"), WriteParameters,
                Body(schema, "*/*"), Responses(schema, ["200", "201"]));

        public JsonObject Patch(string schema, string sub) =>
            Operation("patch", "patch", Suffix(sub), Describe("partially update", sub, "the specified"), PatchParameters,
                Body(patch, r.Custom is null ? PatchContentTypes : CustomPatchContentTypes), Responses(schema, ["200", "201"]));

        public JsonObject Delete() =>
            Operation("delete", "delete", "", $"delete a {r.Kind}", DeleteParameters, Body(deleteOptions, "*/*"), Responses(status, ["200", "202"]));

        public JsonObject DeleteCollection() =>
            Operation("deletecollection", "deletecollection", "", $"delete collection of {r.Kind}", [.. DeleteParameters, .. ListParameters],
                Body(deleteOptions, "*/*"), Responses(status, ["200"]));

        /// <summary>connectCoreV1GetNamespacedPodProxy[WithPath]: a connect operation for one HTTP method of the proxy subresource.</summary>
        public JsonObject Connect(string method, bool withPath)
        {
            var operation = Operation("connect", "connect", withPath ? "ProxyWithPath" : "Proxy", $"connect {method.ToUpperInvariant()} requests to proxy of {r.Kind}",
                [], null, new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                        ["description"] = "OK",
                    },
                    ["401"] = new JsonObject { ["description"] = "Unauthorized" },
                }, method: char.ToUpperInvariant(method[0]) + method[1..]);
            return operation;
        }

        private static string Suffix(string sub) => sub.Length == 0 ? "" : char.ToUpperInvariant(sub[0]) + sub[1..];

        private string Describe(string verb, string sub, string article) =>
            sub.Length == 0 ? $"{verb} {article} {r.Kind}" : $"{verb} {sub} of {article} {r.Kind}";

        private JsonObject Operation(
            string verb, string action, string suffix, string description, string[] query, JsonObject? body, JsonObject responses,
            bool namespaced = true, string method = "")
        {
            var groupId = r.Group.Length == 0 ? "Core" : char.ToUpperInvariant(r.Group[0]) + r.Group.Split('.')[0][1..];
            var versionId = char.ToUpperInvariant(r.Version[0]) + r.Version[1..];
            var scope = r.Namespaced && namespaced ? "Namespaced" : "";
            var operation = new JsonObject
            {
                ["description"] = description,
                ["operationId"] = $"{verb}{groupId}{versionId}{method}{scope}{r.Kind}{suffix}",
                ["parameters"] = new JsonArray(query.Select(q => (JsonNode?)Query(q)).ToArray()),
            };
            if (body is not null)
            {
                operation["requestBody"] = body;
            }

            operation["responses"] = responses;
            operation["tags"] = new JsonArray(string.Create(CultureInfo.InvariantCulture, $"{groupId.ToLowerInvariant()}_{r.Version}"));
            operation["x-kubernetes-action"] = action;
            operation["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = gvkGroup, ["kind"] = gvkKind, ["version"] = gvkVersion };
            return operation;
        }

        private static JsonObject Body(string schema, params string[] contentTypes) => new()
        {
            ["content"] = Content(schema, contentTypes),
            ["required"] = true,
        };

        private static JsonObject Responses(string schema, string[] codes, params string[] extraContentTypes)
        {
            var responses = new JsonObject();
            foreach (var code in codes)
            {
                responses[code] = new JsonObject
                {
                    ["content"] = Content(schema, ["application/json", "application/yaml", .. extraContentTypes]),
                    ["description"] = code switch { "201" => "Created", "202" => "Accepted", _ => "OK" },
                };
            }

            responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
            return responses;
        }

        private static JsonObject Content(string schema, IEnumerable<string> contentTypes) => new(contentTypes.Select(c =>
            KeyValuePair.Create(c, (JsonNode?)new JsonObject
            {
                ["schema"] = new JsonObject { ["$ref"] = SchemaGenerator.RefPath(schema) },
            })));
    }
}
