using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Security.ServiceAccounts;

namespace ChaosLab.ApiServer.Tests.Security.ServiceAccounts;

/// <summary>TokenRequest issues what the authenticator then takes, and nothing it should not.</summary>
[Category("Unit")]
public sealed class ServiceAccountTokenTests : IDisposable
{
    private const string Issuer = ServiceAccountTokenIssuer.DefaultIssuer;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Clock _clock = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Dictionary<string, JsonObject> _stored = [];

    public void Dispose() => _key.Dispose();

    [SetUp]
    public void Store()
    {
        _stored.Clear();
        Put("serviceaccounts", "shop", "robot", "sa-uid", "{}");
        Put("pods", "shop", "web", "pod-uid", """{"spec":{"serviceAccountName":"robot","nodeName":"worker-1"}}""");
        Put("pods", "shop", "other", "other-uid", """{"spec":{"serviceAccountName":"default"}}""");
        Put("nodes", null, "worker-1", "node-uid", "{}");
    }

    [Test]
    public async Task A_token_request_gives_a_token_that_authenticates_as_the_service_account()
    {
        var answer = await Requests().CreateAsync("shop", "robot", Body("{}"), false, RequestUser.System, default);

        Assert.That((long?)answer["spec"]!["expirationSeconds"], Is.EqualTo(3600));
        Assert.That(answer["spec"]!["audiences"]!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { Issuer }));
        Assert.That((string?)answer["status"]!["expirationTimestamp"], Is.EqualTo("2026-12-07T13:00:00Z"));
        var review = await Authenticator().ReviewAsync(Token(answer), default);
        Assert.That(review.Error, Is.Null);
        Assert.That(review.User!.Name, Is.EqualTo("system:serviceaccount:shop:robot"));
        Assert.That(review.User.Groups, Is.EqualTo(new[] { "system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated" }));
        Assert.That(review.User.Uid, Is.EqualTo("sa-uid"));
    }

    [Test]
    public async Task The_claims_are_upstreams()
    {
        var answer = await Requests().CreateAsync("shop", "robot", Body("""{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}}"""), false, RequestUser.System, default);
        var payload = JsonNode.Parse(JsonWebSignature.FromBase64Url(Token(answer).Split('.')[1]))!.AsObject();

        Assert.That((string?)payload["iss"], Is.EqualTo(Issuer));
        Assert.That((string?)payload["sub"], Is.EqualTo("system:serviceaccount:shop:robot"));
        Assert.That((long?)payload["exp"] - (long?)payload["iat"], Is.EqualTo(3600));
        Assert.That((long?)payload["nbf"], Is.EqualTo((long?)payload["iat"]));
        Assert.That(Guid.TryParse((string?)payload["jti"], out _), Is.True);
        var kubernetes = payload["kubernetes.io"]!;
        Assert.That((string?)kubernetes["namespace"], Is.EqualTo("shop"));
        Assert.That(((string?)kubernetes["serviceaccount"]!["name"], (string?)kubernetes["serviceaccount"]!["uid"]), Is.EqualTo(("robot", "sa-uid")));
        Assert.That(((string?)kubernetes["pod"]!["name"], (string?)kubernetes["pod"]!["uid"]), Is.EqualTo(("web", "pod-uid")));
        Assert.That(((string?)kubernetes["node"]!["name"], (string?)kubernetes["node"]!["uid"]), Is.EqualTo(("worker-1", "node-uid")));
        Assert.That((string?)answer["spec"]!["boundObjectRef"]!["uid"], Is.EqualTo("pod-uid"));
    }

    [Test]
    public async Task A_pod_bound_token_names_the_pod_in_extra_and_stops_working_when_the_pod_is_deleted()
    {
        var answer = await Requests().CreateAsync("shop", "robot", Body("""{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}}"""), false, RequestUser.System, default);
        var user = (await Authenticator().ReviewAsync(Token(answer), default)).User!;
        Assert.That(user.Extra["authentication.kubernetes.io/pod-name"], Is.EqualTo(new[] { "web" }));
        Assert.That(user.Extra["authentication.kubernetes.io/pod-uid"], Is.EqualTo(new[] { "pod-uid" }));

        _stored.Remove("pods/shop/web");
        var review = await Authenticator().ReviewAsync(Token(answer), default);
        Assert.That(review.User, Is.Null);
        Assert.That(review.Error, Does.Contain("pod web (pod-uid) has been deleted"));

        // A new pod of the same name is another pod.
        Put("pods", "shop", "web", "new-uid", """{"spec":{"serviceAccountName":"robot"}}""");
        Assert.That((await Authenticator().ReviewAsync(Token(answer), default)).Error, Does.Contain("does not match claim (pod-uid)"));
    }

    [Test]
    public async Task A_deleted_or_recreated_service_account_ends_its_tokens()
    {
        var token = Token(await Requests().CreateAsync("shop", "robot", Body("{}"), false, RequestUser.System, default));
        Put("serviceaccounts", "shop", "robot", "recreated", "{}");
        Assert.That((await Authenticator().ReviewAsync(token, default)).Error, Does.Contain("service account UID (recreated) does not match claim (sa-uid)"));
        _stored.Remove("serviceaccounts/shop/robot");
        Assert.That((await Authenticator().ReviewAsync(token, default)).Error, Does.Contain("serviceaccount robot (sa-uid) has been deleted"));
    }

    [Test]
    public async Task An_expired_token_is_refused()
    {
        var token = Token(await Requests().CreateAsync("shop", "robot", Body("""{"spec":{"expirationSeconds":600}}"""), false, RequestUser.System, default));
        _clock.Now += TimeSpan.FromSeconds(600 + 59);
        Assert.That((await Authenticator().ReviewAsync(token, default)).User, Is.Not.Null, "within the leeway");
        _clock.Now += TimeSpan.FromSeconds(2);
        Assert.That((await Authenticator().ReviewAsync(token, default)).Error, Does.Contain("service account token has expired"));
    }

    [Test]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = Token(await Requests().CreateAsync("shop", "robot", Body("""{"spec":{"audiences":["vault"]}}"""), false, RequestUser.System, default));
        Assert.That((await Authenticator().ReviewAsync(token, default)).Error,
            Does.Contain($"token audiences [\"vault\"] is invalid for the target audiences [\"{Issuer}\"]"));
    }

    [Test]
    public async Task A_tampered_token_or_one_signed_by_another_key_is_refused()
    {
        var token = Token(await Requests().CreateAsync("shop", "robot", Body("{}"), false, RequestUser.System, default));
        var parts = token.Split('.');
        var payload = JsonNode.Parse(JsonWebSignature.FromBase64Url(parts[1]))!.AsObject();
        payload["sub"] = "system:serviceaccount:kube-system:default";
        var tampered = $"{parts[0]}.{JsonWebSignature.Base64Url(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
        Assert.That((await Authenticator().ReviewAsync(tampered, default)).User, Is.Null);

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = JsonWebSignature.Sign(JsonNode.Parse(JsonWebSignature.FromBase64Url(parts[1]))!.AsObject(), other);
        Assert.That((await Authenticator().ReviewAsync(forged, default)).User, Is.Null);
        Assert.That((await Authenticator().ReviewAsync("not.a.token", default)).User, Is.Null);
    }

    [Test]
    public async Task RS256_keys_sign_and_verify_too()
    {
        using var rsa = RSA.Create(2048);
        var claims = new ServiceAccountTokenIssuer(Issuer, rsa, [], _clock).Claims("shop", new ObjectIdentity("robot", "sa-uid"), [Issuer], TimeSpan.FromHours(1));
        var token = new ServiceAccountTokenIssuer(Issuer, rsa, [], _clock).Sign(claims);
        Assert.That(JsonWebSignature.Verify(token, [rsa]), Is.Not.Null);
        Assert.That(JsonWebSignature.Verify(token, [_key]), Is.Null);
    }

    [TestCase(599, "may not specify a duration less than 10 minutes")]
    [TestCase(4294967297, "may not specify a duration larger than 2^32 seconds")]
    public void An_expiration_out_of_range_is_422_on_spec_expirationSeconds(long seconds, string message)
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "robot", Body($$$"""{"spec":{"expirationSeconds":{{{seconds}}}}}"""), false, RequestUser.System, default));
        Assert.That(ex!.Code, Is.EqualTo(422));
        Assert.That(ex.Details!.Causes.Single().Field, Is.EqualTo("spec.expirationSeconds"));
        Assert.That(ex.Details.Causes.Single().Message, Does.Contain(message));
    }

    [Test]
    public void Binding_refusals_are_upstreams()
    {
        Assert.That(Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "missing", Body("{}"), false, RequestUser.System, default))!.Code, Is.EqualTo(404));
        var otherAccount = Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "robot",
            Body("""{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"other"}}}"""), false, RequestUser.System, default))!;
        Assert.That((otherAccount.Code, otherAccount.Message), Is.EqualTo((400, "cannot bind token for serviceaccount \"robot\" to pod running with different serviceaccount name.")));
        var staleUid = Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "robot",
            Body("""{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web","uid":"old"}}}"""), false, RequestUser.System, default))!;
        Assert.That(staleUid.Code, Is.EqualTo(409));
        var kind = Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "robot",
            Body("""{"spec":{"boundObjectRef":{"kind":"Deployment","apiVersion":"apps/v1","name":"web"}}}"""), false, RequestUser.System, default))!;
        Assert.That(kind.Message, Is.EqualTo("cannot bind token to object of type apps/v1, Kind=Deployment"));
    }

    [Test]
    public async Task A_node_gets_tokens_only_for_pods_bound_to_it()
    {
        var kubelet = new RequestUser("system:node:worker-1", ["system:nodes", "system:authenticated"]);
        var stranger = new RequestUser("system:node:worker-2", ["system:nodes", "system:authenticated"]);
        var bound = Body("""{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}}""");

        Assert.That(await Requests().CreateAsync("shop", "robot", bound, false, kubelet, default), Is.Not.Null);
        Assert.That(Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "robot", Body("""{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}}"""), false, stranger, default))!.Code,
            Is.EqualTo(403));
        Assert.That(Assert.ThrowsAsync<ApiException>(() => Requests().CreateAsync("shop", "robot", Body("{}"), false, kubelet, default))!.Message,
            Does.Contain("node requested token not bound to a pod"));
    }

    private TokenRequests Requests() => new(new ServiceAccountTokenIssuer(Issuer, _key, [], _clock), Read);

    private ServiceAccountTokenAuthenticator Authenticator() => new([Issuer], [_key], [Issuer], Read, _clock);

    private Task<JsonObject?> Read(ResourceType type, string? ns, string name, CancellationToken ct) =>
        Task.FromResult(_stored.TryGetValue($"{type.Plural}/{ns}/{name}", out var obj) ? (JsonObject?)obj.DeepClone().AsObject() : null);

    private void Put(string plural, string? ns, string name, string uid, string rest)
    {
        var obj = JsonNode.Parse(rest)!.AsObject();
        obj["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = uid };
        _stored[$"{plural}/{ns}/{name}"] = obj;
    }

    private static JsonObject Body(string spec) =>
        JsonNode.Parse(spec)!.AsObject() is var body && body.Count == 0 ? new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest" } : body;

    private static string Token(JsonObject answer) => (string)answer["status"]!["token"]!;

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
