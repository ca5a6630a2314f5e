using ChaosLab.Client.Quota;
using k8s.Models;

namespace ChaosLab.ControllerManager.ResourceQuota;

/// <summary>A quota's status from the objects of its namespace: hard as the spec says, used summed over the objects it applies to, zero where none.</summary>
internal static class QuotaStatusCalculator
{
    public static V1ResourceQuotaStatus Compute(V1ResourceQuota quota, IEnumerable<(string Group, string Plural, object Item)> objects)
    {
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(objects);
        var hard = new Dictionary<string, ResourceQuantity>(quota.Spec?.Hard ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        var total = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (group, plural, item) in objects)
        {
            if (QuotaScopes.Applies(quota, item))
            {
                total = QuotaResources.Add(total, QuotaUsage.Of(group, plural, item));
            }
        }
        var used = QuotaResources.Mask(total, hard.Keys);
        foreach (var (name, limit) in hard)
        {
            used.TryAdd(name, QuotaResources.Quantity(0, limit.Format));
        }
        return new V1ResourceQuotaStatus { Hard = hard, Used = used };
    }

    public static bool UpToDate(V1ResourceQuotaStatus? current, V1ResourceQuotaStatus desired) =>
        current is not null && QuotaResources.Equal(current.Hard, desired.Hard) && QuotaResources.Equal(current.Used, desired.Used);
}
