using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// POST pods/NAME/eviction: deletes the pod unless its PodDisruptionBudget forbids it. The budget's
/// disruptionsAllowed is decremented, and the pod recorded in status.disruptedPods, in one optimistic-concurrency
/// write of the budget before the pod is deleted (a concurrent eviction makes the write retry on the new state).
/// </summary>
public sealed class PodEviction(ResourceStore objects, TimeProvider clock)
{
    private static readonly ResourceType Budgets = ResourceCatalog.Find("policy", "v1", "poddisruptionbudgets")!;

    public async Task EvictAsync(ResourceType pods, string ns, string name, DeleteOptions options, RequestUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(options);
        var pod = await objects.GetAsync(pods, ns, name, ct);
        if (EvictionBudget.IgnoresBudgets(pod))
        {
            await objects.DeleteAsync(pods, ns, name, options, user, ct);
            return;
        }
        var covering = EvictionBudget.Covering(pod, await ListBudgetsAsync(ns, ct));
        if (covering.Count > 1)
        {
            throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        if (covering.Count == 1)
        {
            var budget = covering[0];
            if (EvictionBudget.UnhealthyMayGo(budget, pod))
            {
                // The pod goes only in the state the budget was judged on, as upstream pins the delete to its resourceVersion.
                options = options with { PreconditionResourceVersion = options.PreconditionResourceVersion ?? ObjectMeta.ResourceVersion(pod) };
            }
            else
            {
                await objects.UpdateAsync(Budgets, ns, ObjectMeta.Name(budget)!, "status", current =>
                {
                    EvictionBudget.Decrement(current, name, clock.GetUtcNow(), options.DryRun);
                    return current;
                }, new WriteOptions(options.DryRun, null, "Ignore"), user, ct);
            }
        }
        await objects.DeleteAsync(pods, ns, name, options, user, ct);
    }

    private async Task<IEnumerable<JsonObject>> ListBudgetsAsync(string ns, CancellationToken ct)
    {
        var page = await objects.Etcd.ListAsync($"{Budgets.StoragePrefix}{ns}/", 0, null, 0, ct);
        return page.Items.Select(ObjectCodec.Decode);
    }
}
