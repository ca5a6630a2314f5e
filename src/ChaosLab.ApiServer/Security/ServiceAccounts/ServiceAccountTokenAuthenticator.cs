using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Security.ServiceAccounts;

/// <summary>Why a token was not taken, or the user it names.</summary>
public sealed record TokenReviewResult(RequestUser? User, string? Error);

/// <summary>
/// Authenticates service-account JWTs as upstream's validator does: a signature by one of the
/// --service-account-key-file keys, an issuer of --service-account-issuer, an audience of --api-audiences, not
/// expired nor used before nbf; then the service account must still exist with the uid the token names, and so must
/// the object the token is bound to (a pod not being deleted, a secret, a node). The user is
/// system:serviceaccount:NS:NAME in groups system:serviceaccounts, system:serviceaccounts:NS and system:authenticated,
/// with the pod's name and uid (and node's) as extra, and the credential id JTI=... .
/// </summary>
/// <param name="read">Reads a stored object (null when not there): the service account and the bound objects.</param>
public sealed class ServiceAccountTokenAuthenticator(
    IReadOnlyList<string> issuers,
    IReadOnlyList<AsymmetricAlgorithm> keys,
    IReadOnlyList<string> audiences,
    StoredObjectReader read,
    TimeProvider clock)
{
    private static readonly ResourceType ServiceAccounts = ResourceCatalog.Find("", "v1", "serviceaccounts")!;
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;
    private static readonly ResourceType Secrets = ResourceCatalog.Find("", "v1", "secrets")!;
    private static readonly ResourceType Nodes = ResourceCatalog.Find("", "v1", "nodes")!;

    // Tokens may be used a little before nbf or after exp, as upstream's validator allows for clock skew between servers.
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    public async Task<TokenReviewResult> ReviewAsync(string token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (JsonWebSignature.Verify(token, keys) is not { } payload)
        {
            return Fail("invalid bearer token, square/go-jose: error in cryptographic primitive");
        }
        if (ServiceAccountClaims.FromJson(payload) is not { } claims)
        {
            return Fail("invalid bearer token, token lookup failed: not a service account token");
        }
        if (!issuers.Contains(claims.Issuer))
        {
            return Fail($"invalid bearer token, issuer \"{claims.Issuer}\" is not accepted");
        }
        var now = clock.GetUtcNow();
        if (now > claims.Expires + Leeway)
        {
            return Fail("invalid bearer token, service account token has expired");
        }
        if (now + Leeway < claims.IssuedAt)
        {
            return Fail("invalid bearer token, service account token is not valid yet");
        }
        if (!claims.Audiences.Any(audiences.Contains))
        {
            return Fail($"invalid bearer token, token audiences [{string.Join(" ", claims.Audiences.Select(a => $"\"{a}\""))}] is invalid for the target audiences [{string.Join(" ", audiences.Select(a => $"\"{a}\""))}]");
        }
        var ns = claims.Namespace;
        if (await StillThereAsync(ServiceAccounts, ns, claims.ServiceAccount, ct) is { } accountGone)
        {
            return Fail(accountGone);
        }
        if (claims.Pod is not null)
        {
            var pod = await read(Pods, ns, claims.Pod.Name, ct);
            if (Mismatch("pods", claims.Pod, pod) is { } podGone)
            {
                return Fail(podGone);
            }
            if (pod!["metadata"]?["deletionTimestamp"] is { } deleting && DateTimeOffset.TryParse((string?)deleting, out var at) && at < now)
            {
                return Fail($"token is bound to pod {claims.Pod.Name} ({claims.Pod.Uid}) that has been deleted");
            }
        }
        else if (claims.Secret is not null && await StillThereAsync(Secrets, ns, claims.Secret, ct) is { } secretGone)
        {
            return Fail(secretGone);
        }
        else if (claims.Secret is null && claims.Node is not null && await StillThereAsync(Nodes, null, claims.Node, ct) is { } nodeGone)
        {
            return Fail(nodeGone);
        }
        return new TokenReviewResult(UserOf(claims), null);
    }

    public static RequestUser UserOf(ServiceAccountClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (claims.Pod is not null)
        {
            extra["authentication.kubernetes.io/pod-name"] = [claims.Pod.Name];
            extra["authentication.kubernetes.io/pod-uid"] = [claims.Pod.Uid];
        }
        if (claims.Node is not null)
        {
            extra["authentication.kubernetes.io/node-name"] = [claims.Node.Name];
            extra["authentication.kubernetes.io/node-uid"] = [claims.Node.Uid];
        }
        if (claims.Id.Length > 0)
        {
            extra["authentication.kubernetes.io/credential-id"] = ["JTI=" + claims.Id];
        }
        return new RequestUser(claims.Subject, ["system:serviceaccounts", $"system:serviceaccounts:{claims.Namespace}", "system:authenticated"])
        {
            Uid = claims.ServiceAccount.Uid,
            Extra = extra,
        };
    }

    private async Task<string?> StillThereAsync(ResourceType type, string? ns, ObjectIdentity identity, CancellationToken ct) =>
        Mismatch(type.Plural, identity, await read(type, ns, identity.Name, ct));

    private static string? Mismatch(string plural, ObjectIdentity identity, JsonObject? stored)
    {
        var kind = plural[..^1];
        if (stored is null)
        {
            return $"{kind} {identity.Name} ({identity.Uid}) has been deleted";
        }
        var uid = ObjectMeta.Uid(stored);
        return identity.Uid.Length > 0 && uid != identity.Uid
            ? $"{kind.Replace("serviceaccount", "service account", StringComparison.Ordinal)} UID ({uid}) does not match claim ({identity.Uid})"
            : null;
    }

    private static TokenReviewResult Fail(string error) => new(null, error);
}
