using ChaosLab.Client.Quota;

namespace ChaosLab.ControllerManager.ResourceQuota;

/// <summary>Which API resource (group, plural) a quota's resource name is measured on: "requests.cpu" on pods, "count/jobs.batch" on jobs.</summary>
internal static class QuotaResourceNames
{
    public static (string Group, string Plural)? MeasuredOn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith("count/", StringComparison.Ordinal))
        {
            var resource = name["count/".Length..];
            var dot = resource.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? ("", resource) : (resource[(dot + 1)..], resource[..dot]);
        }
        if (name.Contains(".storageclass.storage.k8s.io/", StringComparison.Ordinal) || name is QuotaUsage.RequestsStorage or "persistentvolumeclaims")
        {
            return ("", "persistentvolumeclaims");
        }
        if (name is "services" or QuotaUsage.ServicesNodePorts or QuotaUsage.ServicesLoadBalancers)
        {
            return ("", "services");
        }
        if (name is "configmaps" or "secrets" or "replicationcontrollers" or "resourcequotas")
        {
            return ("", name);
        }
        if (name is QuotaUsage.Pods or "cpu" or "memory" or "ephemeral-storage" || name.StartsWith("requests.", StringComparison.Ordinal)
            || name.StartsWith("limits.", StringComparison.Ordinal) || name.StartsWith("hugepages-", StringComparison.Ordinal))
        {
            return ("", "pods");
        }
        return null;
    }
}
