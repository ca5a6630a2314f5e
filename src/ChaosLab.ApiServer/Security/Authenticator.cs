using System.Security.Cryptography.X509Certificates;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.ServiceAccounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Security;

/// <summary>
/// Who is calling: a client certificate signed by the lab CA (CN = user, O = groups, as Kubernetes reads
/// them), a bearer token from the token file, or a service-account JWT (<see cref="ServiceAccountTokenAuthenticator"/>).
/// Returns null for anonymous requests and for tokens no authenticator takes (a 401).
/// </summary>
public sealed class Authenticator(IReadOnlyDictionary<string, RequestUser> tokens, ServiceAccountTokenAuthenticator? serviceAccounts = null, ILogger? logger = null)
{
    public static Authenticator FromTokenFile(string? path, ServiceAccountTokenAuthenticator? serviceAccounts = null, ILogger? logger = null)
    {
        var tokens = new Dictionary<string, RequestUser>(StringComparer.Ordinal);
        if (path is not null)
        {
            foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l.Trim(), i + 1)))
            {
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }
                // token,user,uid,"group1,group2" — the format of kube-apiserver's --token-auth-file.
                var fields = SplitCsv(line);
                if (fields.Count < 3)
                {
                    throw new InvalidDataException($"{path}:{number}: expected token,user,uid[,\"groups\"]");
                }
                var groups = fields.Count > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                tokens[fields[0]] = new RequestUser(fields[1], [.. groups, "system:authenticated"]);
            }
        }
        return new Authenticator(tokens, serviceAccounts, logger);
    }

    /// <summary>As <see cref="Authenticate"/>, then a bearer token that is a service-account JWT, checked against what is stored.</summary>
    public async Task<RequestUser?> AuthenticateAsync(HttpContext context, CancellationToken ct)
    {
        if (Authenticate(context) is { } user)
        {
            return user;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (serviceAccounts is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header[7..].Trim() is not { } token
            || !JsonWebSignature.LooksLikeJws(token))
        {
            return null;
        }
        try
        {
            var review = await serviceAccounts.ReviewAsync(token, ct);
            if (review.Error is not null)
            {
                logger?.LogInformation("Unable to authenticate the request: {Error}", review.Error);
            }
            return review.User;
        }
        catch (Exception ex) when (ex is Storage.StorageException or Http.ApiException or TimeoutException)
        {
            logger?.LogWarning("Unable to authenticate the request: reading the token's objects failed: {Error}", ex.Message);
            return null;
        }
    }

    public RequestUser? Authenticate(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection.ClientCertificate is { } cert)
        {
            return FromCertificate(cert);
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && tokens.TryGetValue(header[7..].Trim(), out var user))
        {
            return user;
        }
        return null;
    }

    /// <summary>The user a bearer token from the token file stands for; null when the file has no such token (TokenReview).</summary>
    public RequestUser? FromToken(string token) => tokens.GetValueOrDefault(token);

    public static RequestUser FromCertificate(X509Certificate2 cert)
    {
        ArgumentNullException.ThrowIfNull(cert);
        string? name = null;
        var groups = new List<string>();
        foreach (var rdn in cert.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var oid = rdn.GetSingleElementType().Value;
            var value = rdn.GetSingleElementValue() ?? "";
            if (oid == "2.5.4.3")
            {
                name = value;
            }
            else if (oid == "2.5.4.10")
            {
                groups.Add(value);
            }
        }
        groups.Add("system:authenticated");
        return new RequestUser(name ?? "", groups);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
