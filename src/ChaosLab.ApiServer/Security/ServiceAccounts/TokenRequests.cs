using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using k8s.Models;

namespace ChaosLab.ApiServer.Security.ServiceAccounts;

/// <summary>
/// POST serviceaccounts/NAME/token (authentication.k8s.io/v1 TokenRequest), as upstream's token REST: the service
/// account must exist; spec.expirationSeconds defaults to 3600 and is at least 600; no audiences means the API
/// server's; a boundObjectRef to a Pod (which must run as this service account), Secret or Node binds the token to
/// that object's uid (a different uid given is a 409). A node may only ask for tokens bound to a pod on itself (the
/// NodeRestriction admission rule). Answers the TokenRequest with status.token and status.expirationTimestamp.
/// </summary>
/// <param name="read">Reads a stored object, null when not there.</param>
public sealed class TokenRequests(ServiceAccountTokenIssuer issuer, StoredObjectReader read)
{
    public const long DefaultExpirationSeconds = 3600;
    public const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;

    private static readonly ResourceType ServiceAccounts = ResourceCatalog.Find("", "v1", "serviceaccounts")!;
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;
    private static readonly ResourceType Secrets = ResourceCatalog.Find("", "v1", "secrets")!;
    private static readonly ResourceType Nodes = ResourceCatalog.Find("", "v1", "nodes")!;

    public async Task<JsonObject> CreateAsync(string ns, string name, JsonObject body, bool strict, RequestUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(user);
        var request = ObjectCodec.Canonicalize(body, typeof(Authenticationv1TokenRequest), strict, out _);
        var spec = request["spec"]?.DeepClone() as JsonObject ?? [];
        var seconds = (long?)spec["expirationSeconds"] ?? DefaultExpirationSeconds;
        var causes = new List<FieldCause>();
        if (seconds < MinExpirationSeconds)
        {
            causes.Add(new FieldCause("FieldValueInvalid", $"Invalid value: {seconds}: may not specify a duration less than 10 minutes", "spec.expirationSeconds"));
        }
        else if (seconds > MaxExpirationSeconds)
        {
            causes.Add(new FieldCause("FieldValueInvalid", $"Invalid value: {seconds}: may not specify a duration larger than 2^32 seconds", "spec.expirationSeconds"));
        }
        if (causes.Count > 0)
        {
            throw ApiException.Invalid("TokenRequest", "authentication.k8s.io", name, causes);
        }
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => (string?)a ?? "").Where(a => a.Length > 0).ToList() is { Count: > 0 } asked
            ? asked : issuer.ApiAudiences;

        var account = await read(ServiceAccounts, ns, name, ct) ?? throw ApiException.NotFound("serviceaccounts", name);
        var claims = issuer.Claims(ns, new ObjectIdentity(name, ObjectMeta.Uid(account) ?? ""), audiences, TimeSpan.FromSeconds(seconds));
        var boundRef = spec["boundObjectRef"] as JsonObject;
        if (boundRef is not null)
        {
            claims = await BindAsync(claims, boundRef, ns, name, ct);
        }
        if (NodeIdentity.Of(user) is { } node && (claims.Pod is null || claims.Node?.Name != node))
        {
            throw new ApiException(403, "Forbidden", claims.Pod is null
                ? $"serviceaccounts \"{name}\" is forbidden: node requested token not bound to a pod"
                : $"serviceaccounts \"{name}\" is forbidden: node requested token bound to a pod scheduled on a different node");
        }

        spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)JsonValue.Create(a)!)]);
        spec["expirationSeconds"] = seconds;
        if (boundRef is not null)
        {
            spec["boundObjectRef"] = BoundReference(boundRef, claims);
        }
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = ObjectMeta.Timestamp(claims.IssuedAt) },
            ["spec"] = spec,
            ["status"] = new JsonObject { ["token"] = issuer.Sign(claims), ["expirationTimestamp"] = ObjectMeta.Timestamp(claims.Expires) },
        };
    }

    private async Task<ServiceAccountClaims> BindAsync(ServiceAccountClaims claims, JsonObject boundRef, string ns, string name, CancellationToken ct)
    {
        var kind = (string?)boundRef["kind"] ?? "";
        var apiVersion = (string?)boundRef["apiVersion"] ?? "";
        var refName = (string?)boundRef["name"] ?? "";
        var refUid = (string?)boundRef["uid"] ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        ObjectIdentity bound;
        switch (group, kind)
        {
            case ("", "Pod"):
                var pod = await read(Pods, ns, refName, ct) ?? throw ApiException.NotFound("pods", refName);
                if (((string?)pod["spec"]?["serviceAccountName"] ?? "default") != name)
                {
                    throw ApiException.BadRequest($"cannot bind token for serviceaccount \"{name}\" to pod running with different serviceaccount name.");
                }
                bound = new ObjectIdentity(refName, ObjectMeta.Uid(pod) ?? "");
                claims = claims with { Pod = bound };
                if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } nodeName)
                {
                    var node = await read(Nodes, null, nodeName, ct);
                    claims = claims with { Node = new ObjectIdentity(nodeName, node is null ? "" : ObjectMeta.Uid(node) ?? "") };
                }
                break;
            case ("", "Secret"):
                var secret = await read(Secrets, ns, refName, ct) ?? throw ApiException.NotFound("secrets", refName);
                bound = new ObjectIdentity(refName, ObjectMeta.Uid(secret) ?? "");
                claims = claims with { Secret = bound };
                break;
            case ("", "Node"):
                var boundNode = await read(Nodes, null, refName, ct) ?? throw ApiException.NotFound("nodes", refName);
                bound = new ObjectIdentity(refName, ObjectMeta.Uid(boundNode) ?? "");
                claims = claims with { Node = bound };
                break;
            default:
                var gvk = group.Length == 0 ? $"/{(apiVersion.Length == 0 ? "" : apiVersion)}, Kind={kind}" : $"{apiVersion}, Kind={kind}";
                throw ApiException.BadRequest($"cannot bind token to object of type {gvk}");
        }
        if (refUid.Length > 0 && refUid != bound.Uid)
        {
            throw new ApiException(409, "Conflict",
                $"Operation cannot be fulfilled on {kind} \"{refName}\": the UID in the bound object reference ({refUid}) does not match the UID in record. The object might have been deleted and then recreated");
        }
        return claims;
    }

    private static JsonObject BoundReference(JsonObject asked, ServiceAccountClaims claims)
    {
        var reference = (JsonObject)asked.DeepClone();
        var uid = claims.Pod?.Uid ?? claims.Secret?.Uid ?? claims.Node?.Uid;
        if (uid is { Length: > 0 })
        {
            reference["uid"] = uid;
        }
        return reference;
    }
}
