using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// v1 ResourceQuotas as upstream's ValidateResourceQuota: every hard (and status) entry a quota resource name
/// with a non-negative quantity, whole for counted resources; scopes known and not contradicting each other.
/// </summary>
public sealed class ResourceQuotaStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly HashSet<string> StandardNames =
    [
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
        "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    ];

    private static readonly HashSet<string> CountedNames =
        ["pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"];

    private static readonly string[] Scopes = ["BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating"];

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var spec = obj.Obj("spec");
        causes.AddRange(ResourceList(spec.Obj("hard"), "spec.hard"));
        causes.AddRange(ResourceList(obj.Obj("status").Obj("hard"), "status.hard"));
        causes.AddRange(ResourceList(obj.Obj("status").Obj("used"), "status.used"));
        var scopes = spec.Strings("scopes");
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!Scopes.Contains(scopes[i]))
            {
                causes.Add(Causes.NotSupported($"spec.scopes[{i}]", scopes[i], Scopes));
            }
        }
        if (scopes.Contains("Terminating") && scopes.Contains("NotTerminating"))
        {
            causes.Add(Causes.InvalidRaw("spec.scopes", Causes.GoStrings(scopes), "conflicting scopes"));
        }
        if (scopes.Contains("BestEffort") && scopes.Contains("NotBestEffort"))
        {
            causes.Add(Causes.InvalidRaw("spec.scopes", Causes.GoStrings(scopes), "conflicting scopes"));
        }
        return causes;
    }

    private static IEnumerable<FieldCause> ResourceList(JsonObject? list, string path)
    {
        foreach (var (name, node) in list ?? [])
        {
            var at = $"{path}[{name}]";
            foreach (var message in NameRules.IsQualifiedName(name))
            {
                yield return Causes.Invalid(at, name, message);
            }
            if (!name.Contains('/', StringComparison.Ordinal) && !StandardNames.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal)
                && !name.StartsWith("requests.hugepages-", StringComparison.Ordinal) && !name.StartsWith("limits.hugepages-", StringComparison.Ordinal))
            {
                yield return Causes.Invalid(at, name, "must be a standard resource for quota");
            }
            var text = JsonAccess.Text(node);
            if (!PodQos.TryParseQuantity(text, out var value))
            {
                yield return Causes.Invalid(at, text, "must be a valid quantity");
                continue;
            }
            if (value < 0)
            {
                yield return Causes.Invalid(at, text, Causes.NonNegative);
            }
            if ((CountedNames.Contains(name) || name.StartsWith("count/", StringComparison.Ordinal)) && value != decimal.Truncate(value))
            {
                yield return Causes.Invalid(at, text, "must be an integer");
            }
        }
    }
}
