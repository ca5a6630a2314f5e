using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Storage;
using ChaosLab.ApiServer.Validation;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// What upstream's apiextensions-apiserver runs inside every API server, as one level-triggered loop: serve
/// the resources of the established CRDs (every API server of an HA lab runs it, so each serves them), accept
/// names that do not clash with another CRD of the group (NamesAccepted), establish (Established), record the
/// storage version, and for a CRD being deleted delete its objects, then drop the cleanup finalizer.
/// </summary>
public sealed class CustomResourceDefinitionController(ResourceStore objects, EtcdStore etcd, TimeProvider clock, ILogger logger)
{
    private static readonly ResourceType Definitions = ResourceCatalog.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;

    /// <summary>How often a pending cleanup is looked at again: deleting objects changes no CRD, so no watch event says so.</summary>
    public TimeSpan CleanupPoll { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Resync { get; init; } = TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var page = await etcd.ListAsync(Definitions.StoragePrefix, 0, null, 0, ct);
                var crds = page.Items.Select(ObjectCodec.Decode).ToList();
                ResourceCatalog.ServeCustom(crds.SelectMany(CustomResourceTypes.Of).ToList());
                var pending = false;
                foreach (var crd in crds)
                {
                    pending |= await ReconcileAsync(crd, crds, ct);
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(pending ? CleanupPoll : Resync);
                await foreach (var _ in etcd.WatchAsync(Definitions.StoragePrefix, page.Revision, wait.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Time to look again.
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex) when (ex is StorageException or ApiException)
            {
                logger.LogWarning("customresourcedefinitions: {Error}; retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Brings one CRD's status (or its cleanup) forward; true while its cleanup still waits for objects to go.</summary>
    private async Task<bool> ReconcileAsync(JsonObject crd, IReadOnlyList<JsonObject> all, CancellationToken ct)
    {
        var name = crd.Obj("metadata").S("name");
        if (ObjectMeta.IsDeleting(crd))
        {
            return ObjectMeta.Finalizers(crd).Contains(CustomResourceCleanup.Finalizer) && !await CleanUpAsync(crd, name, ct);
        }
        var desired = DefinitionStatus.Desired(crd, all, clock.GetUtcNow());
        if (JsonNode.DeepEquals(desired, crd["status"]))
        {
            return false;
        }
        try
        {
            await objects.UpdateAsync(Definitions, null, name, "status", current =>
            {
                current["status"] = DefinitionStatus.Desired(current, all, clock.GetUtcNow());
                return current;
            }, WriteOptions.Default, RequestUser.System, ct);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Deleted or changed meanwhile: the next pass sees the new state.
        }
        return false;
    }

    /// <summary>Deletes the CRD's objects; once none is left, removes the finalizer so the CRD goes too. True when done.</summary>
    private async Task<bool> CleanUpAsync(JsonObject crd, string name, CancellationToken ct)
    {
        var spec = crd.Obj("spec") ?? [];
        var prefix = $"/registry/{spec.S("group")}/{spec.Obj("names").S("plural")}/";
        var servedTypes = CustomResourceTypes.Of(crd);
        var served = servedTypes.Count > 0 ? servedTypes[0] : null;
        var items = (await etcd.ListAsync(prefix, 0, null, 0, ct)).Items;
        foreach (var item in items)
        {
            var obj = ObjectCodec.Decode(item);
            try
            {
                if (served is not null)
                {
                    await objects.DeleteAsync(served, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj)!, new DeleteOptions(null, null, null, null, false), RequestUser.System, ct);
                }
                else
                {
                    await etcd.DeleteAsync(item.Key, item.ModRevision, null, ct);
                }
            }
            catch (Exception ex) when (ex is ApiException or StorageException)
            {
                // Gone or changed meanwhile: the next pass looks again.
            }
        }
        if ((await etcd.ListAsync(prefix, 1, null, 0, ct)).Items.Count > 0)
        {
            return false;
        }
        try
        {
            await objects.UpdateAsync(Definitions, null, name, null, current =>
            {
                var finalizers = ObjectMeta.Finalizers(current).Where(f => f != CustomResourceCleanup.Finalizer).ToList();
                ObjectCodec.Meta(current)["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
                return current;
            }, WriteOptions.Default, RequestUser.System, ct);
            logger.LogInformation("customresourcedefinition {Name}: objects deleted, finalizer removed", name);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
        }
        return true;
    }
}
