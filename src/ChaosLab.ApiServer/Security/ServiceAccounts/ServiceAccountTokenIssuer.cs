using System.Security.Cryptography;

namespace ChaosLab.ApiServer.Security.ServiceAccounts;

/// <summary>Signs service-account tokens with the --service-account-signing-key-file key, as --service-account-issuer.</summary>
public sealed class ServiceAccountTokenIssuer(string issuer, AsymmetricAlgorithm signingKey, IReadOnlyList<string> apiAudiences, TimeProvider clock)
{
    /// <summary>Upstream's default issuer and audience when no flag names one.</summary>
    public const string DefaultIssuer = "https://kubernetes.default.svc.cluster.local";

    public string Issuer => issuer;

    /// <summary>The audiences a TokenRequest without any gets: --api-audiences, else the issuer.</summary>
    public IReadOnlyList<string> ApiAudiences => apiAudiences.Count > 0 ? apiAudiences : [issuer];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Claims for a token valid from now for <paramref name="lifetime"/>; bind them with `with { Pod = ... }`.</summary>
    public ServiceAccountClaims Claims(string ns, ObjectIdentity serviceAccount, IReadOnlyList<string> audiences, TimeSpan lifetime)
    {
        // Whole seconds, as the claims carry them.
        var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        return new ServiceAccountClaims(issuer, ns, serviceAccount, audiences, now, now + lifetime, Guid.NewGuid().ToString());
    }

    public string Sign(ServiceAccountClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return JsonWebSignature.Sign(claims.ToJson(), signingKey);
    }
}
