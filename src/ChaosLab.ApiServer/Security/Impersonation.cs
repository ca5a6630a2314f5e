using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Rbac;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Security;

/// <summary>
/// Upstream's impersonation filter (kubectl --as / --as-group / --as-uid): the Impersonate-User, Impersonate-Group,
/// Impersonate-Uid and Impersonate-Extra-* headers make the request act as another user, when the caller may
/// `impersonate` each of them (users, groups, serviceaccounts in their namespace, uids, userextras). The impersonated
/// user is authenticated (system:authenticated), and a ServiceAccount user without groups gets its service account groups.
/// </summary>
public static class Impersonation
{
    public const string UserHeader = "Impersonate-User";
    public const string GroupHeader = "Impersonate-Group";
    public const string UidHeader = "Impersonate-Uid";
    public const string ExtraHeaderPrefix = "Impersonate-Extra-";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    public static bool Requested(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Keys.Any(k => k.Equals(UserHeader, StringComparison.OrdinalIgnoreCase) || k.Equals(GroupHeader, StringComparison.OrdinalIgnoreCase)
            || k.Equals(UidHeader, StringComparison.OrdinalIgnoreCase) || k.StartsWith(ExtraHeaderPrefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The user the request acts as; 403 when the caller may not impersonate what it asks for.</summary>
    public static async Task<RequestUser> ImpersonateAsync(RequestUser caller, IHeaderDictionary headers, Authorizer authorizer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(authorizer);
        var name = headers[UserHeader].ToString();
        var groups = headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        var uid = headers[UidHeader].ToString();
        var extras = headers.Where(h => h.Key.StartsWith(ExtraHeaderPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (name.Length == 0)
        {
            throw ApiException.BadRequest($"requested impersonation of groups, uid or extra fields without impersonating a user (set the {UserHeader} header)");
        }

        var implied = new List<string>();
        if (name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && name[ServiceAccountPrefix.Length..].Split(':') is [var saNs, var saName] && saNs.Length > 0 && saName.Length > 0)
        {
            await CheckAsync(authorizer, AccessRequest.ForResource(caller, "impersonate", "", "serviceaccounts", null, saNs, saName), ct);
            if (groups.Count == 0)
            {
                implied.AddRange(["system:serviceaccounts", $"system:serviceaccounts:{saNs}"]);
            }
        }
        else
        {
            await CheckAsync(authorizer, AccessRequest.ForResource(caller, "impersonate", "", "users", null, null, name), ct);
        }
        foreach (var group in groups.Distinct())
        {
            await CheckAsync(authorizer, AccessRequest.ForResource(caller, "impersonate", "", "groups", null, null, group), ct);
        }
        groups.AddRange(implied);
        if (uid.Length > 0)
        {
            await CheckAsync(authorizer, AccessRequest.ForResource(caller, "impersonate", "authentication.k8s.io", "uids", null, null, uid), ct);
        }
        foreach (var (header, values) in extras)
        {
            var key = Uri.UnescapeDataString(header[ExtraHeaderPrefix.Length..]).ToLowerInvariant();
            foreach (var value in values.Select(v => v ?? ""))
            {
                await CheckAsync(authorizer, AccessRequest.ForResource(caller, "impersonate", "authentication.k8s.io", "userextras", key, null, value), ct);
            }
        }
        if (name != "system:anonymous" && !groups.Contains(BootstrapPolicy.Authenticated))
        {
            groups.Add(BootstrapPolicy.Authenticated);
        }
        return new RequestUser(name, [.. groups.Distinct()]);
    }

    private static async Task CheckAsync(Authorizer authorizer, AccessRequest request, CancellationToken ct)
    {
        var decision = await authorizer.AuthorizeAsync(request, fieldSelector: null, ct);
        if (!decision.Allowed)
        {
            throw Refusal.For(request, decision.Reason);
        }
    }
}
