using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Security.ServiceAccounts;

/// <summary>An object a token names: its name and uid.</summary>
public sealed record ObjectIdentity(string Name, string Uid);

/// <summary>
/// The claims of a service-account token as upstream writes them (pkg/serviceaccount/claims.go): iss, sub
/// system:serviceaccount:NS:NAME, aud, exp, iat, nbf, jti, and the private "kubernetes.io" claim naming the namespace,
/// the service account and the object the token is bound to (pod, secret, and the pod's node, or a node).
/// </summary>
public sealed record ServiceAccountClaims(
    string Issuer,
    string Namespace,
    ObjectIdentity ServiceAccount,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expires,
    string Id)
{
    public const string SubjectPrefix = "system:serviceaccount:";

    public ObjectIdentity? Pod { get; init; }

    public ObjectIdentity? Secret { get; init; }

    public ObjectIdentity? Node { get; init; }

    public string Subject => $"{SubjectPrefix}{Namespace}:{ServiceAccount.Name}";

    public JsonObject ToJson()
    {
        var kubernetes = new JsonObject { ["namespace"] = Namespace };
        if (Node is not null)
        {
            kubernetes["node"] = Identity(Node);
        }
        if (Pod is not null)
        {
            kubernetes["pod"] = Identity(Pod);
        }
        if (Secret is not null)
        {
            kubernetes["secret"] = Identity(Secret);
        }
        kubernetes["serviceaccount"] = Identity(ServiceAccount);
        return new JsonObject
        {
            ["aud"] = new JsonArray([.. Audiences.Select(a => (JsonNode)JsonValue.Create(a)!)]),
            ["exp"] = Expires.ToUnixTimeSeconds(),
            ["iat"] = IssuedAt.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Id,
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = IssuedAt.ToUnixTimeSeconds(),
            ["sub"] = Subject,
        };
    }

    /// <summary>The claims of a verified payload; null when it is not a service-account token (missing or mistyped claims).</summary>
    public static ServiceAccountClaims? FromJson(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            if (payload["kubernetes.io"] is not JsonObject kubernetes || Read(kubernetes["serviceaccount"]) is not { } account
                || (string?)kubernetes["namespace"] is not { Length: > 0 } ns || (string?)payload["iss"] is not { } issuer
                || (string?)payload["sub"] != $"{SubjectPrefix}{ns}:{account.Name}")
            {
                return null;
            }
            // "aud" is a string or an array of strings (RFC 7519 4.1.3).
            IReadOnlyList<string> audiences = payload["aud"] switch
            {
                JsonArray list => [.. list.Select(a => (string?)a ?? "")],
                JsonValue one => [(string?)one ?? ""],
                _ => [],
            };
            var expires = (long?)payload["exp"] ?? 0;
            var issued = (long?)payload["iat"] ?? (long?)payload["nbf"] ?? 0;
            return new ServiceAccountClaims(issuer, ns, account, audiences, DateTimeOffset.FromUnixTimeSeconds(issued),
                DateTimeOffset.FromUnixTimeSeconds(expires), (string?)payload["jti"] ?? "")
            {
                Pod = Read(kubernetes["pod"]),
                Secret = Read(kubernetes["secret"]),
                Node = Read(kubernetes["node"]),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static JsonObject Identity(ObjectIdentity identity) => new() { ["name"] = identity.Name, ["uid"] = identity.Uid };

    private static ObjectIdentity? Read(JsonNode? node) =>
        node is JsonObject o && (string?)o["name"] is { Length: > 0 } name ? new ObjectIdentity(name, (string?)o["uid"] ?? "") : null;
}
