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

    private static (string? reason, int? code) Status(string body)
    {
        var status = JsonNode.Parse(body)!;
        Assert.That((string?)status["kind"], Is.EqualTo("Status"), body);
        return ((string?)status["reason"], (int?)status["code"]);
    }
}
