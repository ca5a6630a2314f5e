using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Rbac;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Bootstrap;

/// <summary>
/// Upstream's rbac/bootstrap-roles post-start hook: creates every ClusterRole and ClusterRoleBinding of
/// <see cref="BootstrapPolicy"/> that is missing, retrying until etcd takes them. Existing ones are left as they are
/// (a cluster admin's edits win), which is upstream's reconciliation for objects without the autoupdate annotation.
/// </summary>
public sealed class RbacBootstrap(ResourceStore store, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken ct)
    {
        var roles = ResourceCatalog.Find("rbac.authorization.k8s.io", "v1", "clusterroles")!;
        var bindings = ResourceCatalog.Find("rbac.authorization.k8s.io", "v1", "clusterrolebindings")!;
        var pending = BootstrapPolicy.ClusterRoles().Select(r => (roles, r)).Concat(BootstrapPolicy.ClusterRoleBindings().Select(b => (bindings, b))).ToList();
        while (pending.Count > 0)
        {
            var failed = new List<(ResourceType, JsonObject)>();
            foreach (var (type, obj) in pending)
            {
                try
                {
                    await store.CreateAsync(type, null, (JsonObject)obj.DeepClone(), WriteOptions.Default, RequestUser.System, ct);
                    logger.LogInformation("created {Kind} {Name}", type.Kind, ObjectMeta.Name(obj));
                }
                catch (ApiException ex) when (ex.Code == 409)
                {
                }
                catch (ApiException ex)
                {
                    logger.LogWarning("bootstrap {Kind} {Name} not created yet: {Reason}", type.Kind, ObjectMeta.Name(obj), ex.Message);
                    failed.Add((type, obj));
                }
            }
            pending = failed;
            if (pending.Count > 0)
            {
                await Task.Delay(RetryDelay, ct);
            }
        }
    }
}
