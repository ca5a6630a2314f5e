using System.Net;
using System.Text;
using ChaosLab.Kubelet.Pods;
using k8s;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class ApiObjectCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private FakeApiServer _server = null!;
    private Kubernetes _client = null!;
    private ManualTime _time = null!;
    private ApiObjectCache _cache = null!;

    [SetUp]
    public void Start()
    {
        _server = new FakeApiServer();
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://api.test" }, _server);
        _time = new ManualTime();
        _cache = new ApiObjectCache(_client, Ttl, _time);
    }

    [TearDown]
    public void Stop()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Test]
    public async Task An_object_is_read_by_name_and_kept_for_the_ttl()
    {
        _server.Respond = _ => Json(HttpStatusCode.OK, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app","namespace":"shop"},"data":{"a":"1"}}""");

        var first = await _cache.GetConfigMapAsync("shop", "app", CancellationToken.None);
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        await _cache.GetConfigMapAsync("shop", "app", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _cache.GetConfigMapAsync("shop", "app", CancellationToken.None);

        Assert.That(first.Data["a"], Is.EqualTo("1"));
        Assert.That(_server.Requests, Is.EqualTo(new[] { "/api/v1/namespaces/shop/configmaps/app", "/api/v1/namespaces/shop/configmaps/app" }));
    }

    [Test]
    public async Task ConfigMaps_and_secrets_of_one_name_are_kept_apart()
    {
        _server.Respond = request => request.RequestUri!.AbsolutePath.Contains("/secrets/", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"app"},"data":{"p":"czNjcmV0"}}""")
            : Json(HttpStatusCode.OK, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app"},"data":{"a":"1"}}""");

        var configMap = await _cache.GetConfigMapAsync("default", "app", CancellationToken.None);
        var secret = await _cache.GetSecretAsync("default", "app", CancellationToken.None);

        Assert.That(configMap.Data["a"], Is.EqualTo("1"));
        Assert.That(Encoding.UTF8.GetString(secret.Data["p"]), Is.EqualTo("s3cret"));
        Assert.That(_server.Requests, Is.EqualTo(new[] { "/api/v1/namespaces/default/configmaps/app", "/api/v1/namespaces/default/secrets/app" }));
    }

    [Test]
    public void Not_found_is_upstreams_message_and_is_kept_too()
    {
        _server.Respond = _ => Json(HttpStatusCode.NotFound, """{"kind":"Status","message":"configmaps \"app\" not found","reason":"NotFound","code":404}""");

        var ex = Assert.ThrowsAsync<ReferencedObjectException>(() => _cache.GetConfigMapAsync("default", "app", CancellationToken.None))!;
        var secret = Assert.ThrowsAsync<ReferencedObjectException>(() => _cache.GetSecretAsync("default", "db", CancellationToken.None))!;
        Assert.ThrowsAsync<ReferencedObjectException>(() => _cache.GetConfigMapAsync("default", "app", CancellationToken.None));

        Assert.That((ex.IsNotFound, ex.Message), Is.EqualTo((true, "configmap \"app\" not found")));
        Assert.That((secret.IsNotFound, secret.Message), Is.EqualTo((true, "secret \"db\" not found")));
        Assert.That(_server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_refusal_carries_the_api_servers_message()
    {
        const string message = "configmaps \"app\" is forbidden: User \"system:node:node-1\" cannot get resource \"configmaps\": no relationship found between node 'node-1' and this object";
        _server.Respond = _ => Json(HttpStatusCode.Forbidden, $$"""{"kind":"Status","message":"{{message.Replace("\"", "\\\"", StringComparison.Ordinal)}}","reason":"Forbidden","code":403}""");

        var ex = Assert.ThrowsAsync<ReferencedObjectException>(() => _cache.GetConfigMapAsync("default", "app", CancellationToken.None))!;

        Assert.That((ex.IsNotFound, ex.Message), Is.EqualTo((false, message)));
    }

    [Test]
    public void An_error_without_a_status_body_names_the_http_status()
    {
        _server.Respond = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("oops") };

        var ex = Assert.ThrowsAsync<ReferencedObjectException>(() => _cache.GetSecretAsync("default", "db", CancellationToken.None))!;

        Assert.That((ex.IsNotFound, ex.Message), Is.EqualTo((false, "reading secret \"db\": HTTP 500")));
    }

    [Test]
    public void An_unreachable_api_server_is_a_failure_that_is_not_not_found()
    {
        _server.Respond = _ => throw new HttpRequestException("Connection refused");

        var ex = Assert.ThrowsAsync<ReferencedObjectException>(() => _cache.GetConfigMapAsync("default", "app", CancellationToken.None))!;

        Assert.That((ex.IsNotFound, ex.Message), Is.EqualTo((false, "reading configmap \"app\": Connection refused")));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class FakeApiServer : DelegatingHandler
    {
        public List<string> Requests { get; } = [];

        public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NotFound);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.AbsolutePath);
            var response = Respond(request);
            // As a real handler does: the client reads the request back from its response.
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
