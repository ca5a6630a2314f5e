using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ServiceAccounts;

/// <summary>The ServiceAccounts every active namespace must have; upstream's default list is just <c>default</c>.</summary>
internal static class NamespaceServiceAccounts
{
    public static readonly IReadOnlyList<string> Ensured = ["default"];

    /// <summary>
    /// The accounts to create in <paramref name="ns"/>: those of <see cref="Ensured"/> that <paramref name="exists"/>
    /// does not know, and none at all while the namespace is not active.
    /// </summary>
    public static IReadOnlyList<V1ServiceAccount> Missing(V1Namespace ns, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(exists);
        if (!NamespaceLifecycle.IsActive(ns))
        {
            return [];
        }
        return [.. Ensured.Where(name => !exists(name)).Select(name => New(ns.Metadata.Name, name))];
    }

    private static V1ServiceAccount New(string ns, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
    };
}
