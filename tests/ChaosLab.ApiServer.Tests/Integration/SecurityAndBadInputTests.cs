using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Tests.Support;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>Authentication, authorization, and every kind of bad request answered with the right Status — never a 500.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SecurityAndBadInputTests
{
    private LabState _lab = null!;
    private RawApi _admin = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        _lab = await SharedLab.GetAsync();
        _admin = RawApi.As(SharedLab.Paths, Endpoint, "admin");
        var ns = await _admin.SendAsync("POST", "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bad-input"}}""");
        Assert.That(ns.Code, Is.EqualTo(201).Or.EqualTo(409), ns.Body);
    }

    [OneTimeTearDown]
    public void Dispose() => _admin?.Dispose();

    private string Endpoint => _lab.ApiEndpointNode().Address.ToString();

    [Test]
    public async Task Anonymous_requests_get_401_but_health_endpoints_answer()
    {
        using var anonymous = RawApi.As(SharedLab.Paths, Endpoint);
        var (code, body) = await anonymous.SendAsync("GET", "/api/v1/namespaces");
        Assert.That(code, Is.EqualTo(401));
        Assert.That(Status(body).reason, Is.EqualTo("Unauthorized"));
        Assert.That((await anonymous.SendAsync("GET", "/readyz")).Code, Is.EqualTo(200));
    }

    [Test]
    public async Task A_bearer_token_authenticates()
    {
        using var token = RawApi.As(SharedLab.Paths, Endpoint, bearer: File.ReadAllText(Path.Combine(SharedLab.Paths.Pki, "admin.token")).Trim());
        Assert.That((await token.SendAsync("GET", "/api/v1/namespaces")).Code, Is.EqualTo(200));
        using var wrong = RawApi.As(SharedLab.Paths, Endpoint, bearer: "not-a-token");
        Assert.That((await wrong.SendAsync("GET", "/api/v1/namespaces")).Code, Is.EqualTo(401));
    }

    [Test]
    public async Task A_kubelet_may_register_its_own_node_but_writing_another_node_is_403()
    {
        using var kubelet = RawApi.As(SharedLab.Paths, Endpoint, "kubelet", SharedLab.Paths.NodePki("worker-1"));
        var own = await kubelet.SendAsync("POST", "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"worker-1"}}""");
        Assert.That(own.Code, Is.EqualTo(201).Or.EqualTo(409), own.Body);

        var other = await kubelet.SendAsync("POST", "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"worker-2"}}""");
        Assert.That(other.Code, Is.EqualTo(403), other.Body);
        Assert.That(Status(other.Body).reason, Is.EqualTo("Forbidden"));

        var secrets = await kubelet.SendAsync("POST", "/api/v1/namespaces/bad-input/configmaps", """{"metadata":{"name":"x"}}""");
        Assert.That(secrets.Code, Is.EqualTo(403));
    }

    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", "{not json", 400, "BadRequest")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""", 400, "BadRequest")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"metadata":{"name":"Not_Valid"}}""", 422, "Invalid")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"metadata":{"name":"x"},"data":"oops"}""", 400, "BadRequest")]
    [TestCase("POST", "/api/v1/namespaces/no-such-ns/configmaps", """{"metadata":{"name":"x"}}""", 404, "NotFound")]
    [TestCase("GET", "/api/v1/widgets", null, 404, "NotFound")]
    [TestCase("GET", "/api/v1/namespaces/bad-input/pods?labelSelector=a%20in%20(b", null, 400, "BadRequest")]
    [TestCase("GET", "/api/v1/namespaces/bad-input/pods?fieldSelector=spec.bogus%3Dx", null, 400, "BadRequest")]
    [TestCase("GET", "/api/v1/namespaces/bad-input/pods?watch=true&resourceVersion=garbage", null, 400, "BadRequest")]
    [TestCase("GET", "/api/v1/namespaces/bad-input/pods?limit=-3", null, 400, "BadRequest")]
    [TestCase("PUT", "/api/v1/namespaces/bad-input/configmaps/absent", """{"metadata":{"name":"absent"}}""", 404, "NotFound")]
    [TestCase("PATCH", "/api/v1/namespaces/bad-input/configmaps/absent", """{"data":{}}""", 404, "NotFound")]
    public async Task Bad_requests_get_a_status_with_the_right_code(string method, string path, string? body, int code, string reason)
    {
        var contentType = method == "PATCH" ? "application/merge-patch+json" : "application/json";
        var response = await _admin.SendAsync(method, path, body, contentType);
        Assert.That(response.Code, Is.EqualTo(code), response.Body);
        Assert.That(Status(response.Body).reason, Is.EqualTo(reason), response.Body);
    }

    // Each of these answered 500 (a cast or an indexer threw on the wrong JSON type) or 2xx before; the messages are upstream's.
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"kind":5,"metadata":{"name":"x"}}""", 400, "BadRequest",
        """the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string ({"kind":5,"metadata":{"name":" ...)""")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"apiVersion":5,"metadata":{"name":"x"}}""", 400, "BadRequest",
        """the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string ({"apiVersion":5,"metadata":{"n ...)""")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"metadata":"x"}""", 400, "BadRequest",
        """ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta""")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps", """{"metadata":{"name":5}}""", 400, "BadRequest",
        """ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string""")]
    [TestCase("DELETE", "/api/v1/namespaces/bad-input/configmaps/absent", """{"gracePeriodSeconds":"abc"}""", 400, "BadRequest",
        "json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64")]
    [TestCase("DELETE", "/api/v1/namespaces/bad-input/configmaps/absent", """{"preconditions":"x"}""", 400, "BadRequest",
        "json: cannot unmarshal string into Go struct field DeleteOptions.preconditions of type v1.Preconditions")]
    [TestCase("DELETE", "/api/v1/namespaces/bad-input/configmaps/absent", """{"propagationPolicy":5}""", 400, "BadRequest",
        "json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/pods/absent/binding", """{"metadata":{"name":"absent"},"target":"x"}""", 400, "BadRequest",
        """Binding in version "v1" cannot be handled as a Binding: json: cannot unmarshal string into Go struct field Binding.target of type v1.ObjectReference""")]
    [TestCase("PUT", "/api/v1/namespaces/bad-input/finalize", """{"metadata":{"name":"bad-input"},"spec":"x"}""", 400, "BadRequest",
        """Namespace in version "v1" cannot be handled as a Namespace: json: cannot unmarshal string into Go struct field Namespace.spec of type v1.NamespaceSpec""")]
    [TestCase("PUT", "/apis/apps/v1/namespaces/bad-input/deployments/absent/scale", """{"metadata":"x","spec":{"replicas":1}}""", 400, "BadRequest",
        """Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal string into Go struct field Scale.metadata of type v1.ObjectMeta""")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps?dryRun=Bogus", """{"metadata":{"name":"dry"}}""", 422, "Invalid",
        "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"")]
    [TestCase("POST", "/api/v1/namespaces/bad-input/configmaps?fieldValidation=Bogus", """{"metadata":{"name":"validated"}}""", 422, "Invalid",
        "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Bogus\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")]
    [TestCase("GET", "/api/v1/namespaces/bad-input/configmaps?resourceVersion=0&resourceVersionMatch=Bogus", null, 422, "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    public async Task Malformed_input_gets_upstreams_status_and_message(string method, string path, string? body, int code, string reason, string message)
    {
        var response = await _admin.SendAsync(method, path, body);

        Assert.That(response.Code, Is.EqualTo(code), response.Body);
        Assert.That(Status(response.Body).reason, Is.EqualTo(reason), response.Body);
        Assert.That(Message(response.Body), Is.EqualTo(message));
    }

    [Test]
    public async Task A_dry_run_that_is_not_All_writes_nothing()
    {
        Assert.That((await _admin.SendAsync("POST", "/api/v1/namespaces/bad-input/configmaps?dryRun=Bogus", """{"metadata":{"name":"dry"}}""")).Code, Is.EqualTo(422));
        Assert.That((await _admin.SendAsync("GET", "/api/v1/namespaces/bad-input/configmaps/dry")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Patches_whose_result_is_not_a_valid_object_are_refused_and_change_nothing()
    {
        var created = await _admin.SendAsync("POST", "/api/v1/namespaces/bad-input/configmaps", """{"metadata":{"name":"patch-target","finalizers":["a/b"]},"data":{"k":"v"}}""");
        Assert.That(created.Code, Is.EqualTo(201).Or.EqualTo(409), created.Body);
        const string Target = "/api/v1/namespaces/bad-input/configmaps/patch-target";

        var removed = await _admin.SendAsync("PATCH", Target, """[{"op":"remove","path":"/metadata"}]""", "application/json-patch+json");
        Assert.That(removed.Code, Is.EqualTo(400), removed.Body);
        Assert.That(Message(removed.Body), Is.EqualTo("the name of the object (patch-target based on URL) was undeterminable: name must be provided"));

        var retyped = await _admin.SendAsync("PATCH", Target, """{"metadata":"x"}""", "application/merge-patch+json");
        Assert.That(retyped.Code, Is.EqualTo(422), retyped.Body);
        Assert.That((string?)JsonNode.Parse(retyped.Body)!["details"]!["causes"]![0]!["field"], Is.EqualTo("patch"));
        Assert.That(Message(retyped.Body), Does.EndWith("json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta"));

        // Upstream's strategic merge skips a deletion list whose value is not a list: 200, nothing removed.
        var ignored = await _admin.SendAsync("PATCH", Target, """{"metadata":{"$deleteFromPrimitiveList/finalizers":5}}""", "application/strategic-merge-patch+json");
        Assert.That(ignored.Code, Is.EqualTo(200), ignored.Body);

        var after = JsonNode.Parse((await _admin.SendAsync("GET", Target)).Body)!;
        Assert.That((string?)after["data"]!["k"], Is.EqualTo("v"));
        Assert.That((string?)after["metadata"]!["finalizers"]![0], Is.EqualTo("a/b"));
        await _admin.SendAsync("PATCH", Target, """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await _admin.SendAsync("DELETE", Target);
    }

    [Test]
    public async Task A_label_selector_notin_an_empty_set_is_accepted_as_upstream_accepts_it()
    {
        var response = await _admin.SendAsync("GET", "/api/v1/namespaces/bad-input/configmaps?labelSelector=a%20notin%20()");

        Assert.That(response.Code, Is.EqualTo(200), response.Body);
        Assert.That((string?)JsonNode.Parse(response.Body)!["kind"], Is.EqualTo("ConfigMapList"));
    }

    [Test]
    public async Task A_watch_with_a_timeout_of_two_months_is_served() =>
        Assert.That(await _admin.StatusOfStreamAsync("/api/v1/namespaces/bad-input/configmaps?watch=true&timeoutSeconds=5000000"), Is.EqualTo(200));

    [Test]
    public async Task A_name_too_long_is_invalid_with_a_field_cause()
    {
        var response = await _admin.SendAsync("POST", "/api/v1/namespaces/bad-input/configmaps", $$$"""{"metadata":{"name":"{{{new string('a', 300)}}}"}}""");
        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(JsonNode.Parse(response.Body)!["details"]!["causes"]![0]!["field"]!.ToString(), Is.EqualTo("metadata.name"));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413_and_nothing_is_written()
    {
        var huge = new string('x', 4 * 1024 * 1024);
        var response = await _admin.SendAsync("POST", "/api/v1/namespaces/bad-input/configmaps", $$$"""{"metadata":{"name":"huge"},"data":{"a":"{{{huge}}}"}}""");
        Assert.That(response.Code, Is.EqualTo(413), response.Body[..Math.Min(200, response.Body.Length)]);
        Assert.That((await _admin.SendAsync("GET", "/api/v1/namespaces/bad-input/configmaps/huge")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Metrics_count_requests_by_verb_resource_and_code()
    {
        await _admin.SendAsync("GET", "/api/v1/namespaces/bad-input/configmaps");
        var (code, body) = await _admin.SendAsync("GET", "/metrics");
        Assert.That(code, Is.EqualTo(200));
        Assert.That(body, Does.Contain("apiserver_request_total{code=\"200\",resource=\"configmaps\",verb=\"LIST\"}").And.Contain("apiserver_request_duration_seconds_bucket"));
    }

    private static string? Message(string body) => (string?)JsonNode.Parse(body)!["message"];

    private static (string? reason, int? code) Status(string body)
    {
        var status = JsonNode.Parse(body)!;
        Assert.That((string?)status["kind"], Is.EqualTo("Status"), body);
        return ((string?)status["reason"], (int?)status["code"]);
    }
}
