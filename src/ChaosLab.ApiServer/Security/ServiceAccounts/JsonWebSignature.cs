using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Security.ServiceAccounts;

/// <summary>
/// Compact JWS (RFC 7515) with ES256 (ECDSA P-256, the signature as r||s) or RS256 (RSASSA-PKCS1-v1_5, SHA-256):
/// what service-account tokens are. The key id is upstream's: base64url of the SHA-256 of the public key's DER
/// (SubjectPublicKeyInfo), so a verifier holding several keys picks the right one.
/// </summary>
public static class JsonWebSignature
{
    public static string Sign(JsonObject payload, AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var header = new JsonObject { ["alg"] = Algorithm(key), ["kid"] = KeyId(key) };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = key switch
        {
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256),
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException($"unsupported key type {key.GetType().Name}", nameof(key)),
        };
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>The payload when the token is a well-formed JWS signed by one of <paramref name="keys"/>; otherwise null.</summary>
    public static JsonObject? Verify(string token, IReadOnlyList<AsymmetricAlgorithm> keys)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keys);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            var alg = (string?)header?["alg"];
            var kid = (string?)header?["kid"];
            var data = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            var signature = FromBase64Url(parts[2]);
            foreach (var key in keys.Where(k => Algorithm(k) == alg && (kid is null || KeyId(k) == kid)))
            {
                var valid = key switch
                {
                    ECDsa ec => ec.VerifyData(data, signature, HashAlgorithmName.SHA256),
                    RSA rsa => rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                    _ => false,
                };
                if (valid)
                {
                    return JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether the token looks like a JWS at all (three base64url parts), so other authenticators can have the rest.</summary>
    public static bool LooksLikeJws(string token) => token.Count(c => c == '.') == 2 && token.StartsWith("ey", StringComparison.Ordinal);

    public static string Algorithm(AsymmetricAlgorithm key) => key switch
    {
        ECDsa => "ES256",
        RSA => "RS256",
        _ => "none",
    };

    public static string KeyId(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var spki = key switch
        {
            ECDsa ec => ec.ExportSubjectPublicKeyInfo(),
            RSA rsa => rsa.ExportSubjectPublicKeyInfo(),
            _ => [],
        };
        return Base64Url(SHA256.HashData(spki));
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
