using k8s.Models;

namespace ChaosLab.Client.Quota;

/// <summary>
/// Whether a ResourceQuota applies to an object: an unscoped quota applies to everything; scopes (Terminating,
/// NotTerminating, BestEffort, NotBestEffort, in spec.scopes or spec.scopeSelector) select pods only.
/// </summary>
public static class QuotaScopes
{
    public static bool Applies(V1ResourceQuota quota, object model)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var scopes = (quota.Spec?.Scopes ?? []).Select(s => (Scope: s, Operator: "Exists"))
            .Concat((quota.Spec?.ScopeSelector?.MatchExpressions ?? []).Select(e => (Scope: e.ScopeName, Operator: e.OperatorProperty)))
            .ToList();
        if (scopes.Count == 0)
        {
            return true;
        }
        return model is V1Pod pod && scopes.All(s => Matches(s.Scope, pod) == (s.Operator != "DoesNotExist"));
    }

    private static bool Matches(string scope, V1Pod pod) => scope switch
    {
        "Terminating" => pod.Spec?.ActiveDeadlineSeconds is not null,
        "NotTerminating" => pod.Spec?.ActiveDeadlineSeconds is null,
        "BestEffort" => IsBestEffort(pod),
        "NotBestEffort" => !IsBestEffort(pod),
        _ => false,
    };

    private static bool IsBestEffort(V1Pod pod) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).All(c =>
            !Names(c.Resources?.Requests).Any() && !Names(c.Resources?.Limits).Any());

    private static IEnumerable<string> Names(IDictionary<string, ResourceQuantity>? list) =>
        (list ?? new Dictionary<string, ResourceQuantity>()).Keys.Where(k => k is "cpu" or "memory");
}
