using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Storage;
using ChaosLab.Client.Quota;
using k8s.Models;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// Upstream's ResourceQuota admission: a create (or an update that grows a Service's node ports or a claim's
/// storage) is measured by <see cref="QuotaUsage"/> against every quota of its namespace that applies; one that
/// would exceed a quota's status.hard is refused with 403, otherwise each quota's status.used is charged with a
/// compare-and-swap on the quota before the object is written. A write that fails afterwards leaves the charge
/// too high until the resourcequota controller recomputes it, the conservative side, as upstream.
/// A create in a namespace that has no quota costs no read: <paramref name="cached"/> (a watch of every quota) says so,
/// and the create's own write checks it (<see cref="AdmissionAttributes.RequireEmpty"/>), so a quota another API
/// server has just created fails the write and the create is admitted again from a fresh read and charged.
/// A namespace with quotas is always read, for the compare-and-swap.
/// </summary>
public sealed class ResourceQuotaAdmission(EtcdStore store, PrefixCache? cached = null) : IAdmissionPlugin
{
    private const int MaxRetries = 8;
    private static readonly ResourceType Quotas = ResourceCatalog.Find("", "v1", "resourcequotas")!;

    /// <summary>Where the quotas of every namespace are stored: the prefix a <see cref="PrefixCache"/> for this plugin follows.</summary>
    public static string StoragePrefix => Quotas.StoragePrefix;

    public async Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var a = attributes;
        if (a.Subresource is not null || a.Object is null || !a.Type.Namespaced || a.Namespace is null)
        {
            return;
        }
        var charged = a.Operation == AdmissionOperation.Create
            || (a.Operation == AdmissionOperation.Update && a.Type.Kind is "Service" or "PersistentVolumeClaim" && a.Type.Group.Length == 0);
        if (!charged)
        {
            return;
        }
        var prefix = $"{Quotas.StoragePrefix}{a.Namespace}/";
        if (a.Operation == AdmissionOperation.Create && !a.FreshReads && cached is { Synced: true } && !cached.HoldsUnder(prefix))
        {
            a.RequireEmpty(prefix);
            return;
        }
        var model = Model(a.Object, a.Type);
        if (model is null)
        {
            return; // validation answers for an object that does not decode
        }
        var usage = QuotaUsage.Of(a.Type.Group, a.Type.Plural, model);
        if (a.Operation == AdmissionOperation.Update && a.OldObject is not null && Model(a.OldObject, a.Type) is { } oldModel)
        {
            usage = QuotaResources.Subtract(usage, QuotaUsage.Of(a.Type.Group, a.Type.Plural, oldModel))
                .Where(p => QuotaResources.Value(p.Value) > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
        if (usage.Count == 0)
        {
            return;
        }
        var done = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            var page = await store.ListAsync(prefix, 0, null, 0, ct);
            if (page.Items.Count == 0)
            {
                if (a.Operation == AdmissionOperation.Create)
                {
                    // Read now, but the first quota may still come before the write: the write checks.
                    a.RequireEmpty(prefix);
                }
                return;
            }
            var conflict = false;
            foreach (var stored in page.Items.Where(s => !done.Contains(s.Key)))
            {
                var quotaObj = ObjectCodec.Decode(stored);
                if (Model(quotaObj, Quotas) is not V1ResourceQuota quota || !QuotaScopes.Applies(quota, model))
                {
                    continue;
                }
                var newUsed = Charge(a, quota, model, usage);
                if (newUsed is null || a.DryRun)
                {
                    continue;
                }
                var status = quotaObj["status"] as JsonObject ?? new JsonObject();
                quotaObj["status"] = status;
                status["used"] = new JsonObject(newUsed.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value.ToString()))));
                try
                {
                    await store.UpdateAsync(stored.Key, ObjectCodec.Encode(quotaObj), stored.ModRevision, ct);
                    done.Add(stored.Key);
                }
                catch (StorageException ex) when (ex.Error == StorageError.Conflict && attempt < MaxRetries)
                {
                    conflict = true;
                }
                catch (StorageException ex)
                {
                    throw ResourceStore.Map(Quotas, ObjectMeta.Name(quotaObj) ?? "", ex);
                }
            }
            if (!conflict)
            {
                return;
            }
        }
    }

    /// <summary>The quota's status.used with this request charged; null when the quota limits none of it; 403 when it would exceed.</summary>
    internal static Dictionary<string, ResourceQuantity>? Charge(AdmissionAttributes a, V1ResourceQuota quota, object model, IDictionary<string, ResourceQuantity> usage)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(quota);
        var name = quota.Metadata?.Name ?? "";
        var hard = quota.Status?.Hard ?? new Dictionary<string, ResourceQuantity>();
        var used = quota.Status?.Used ?? new Dictionary<string, ResourceQuantity>();
        if (model is V1Pod pod && QuotaUsage.MissingContainerValues(pod, hard.Keys) is { } missing)
        {
            throw Forbidden(a, $"failed quota: {name}: {missing}");
        }
        var restricted = hard.Keys.Where(usage.ContainsKey).Order(StringComparer.Ordinal).ToList();
        if (restricted.Count == 0)
        {
            return null;
        }
        if (restricted.Any(r => !used.ContainsKey(r)))
        {
            throw Forbidden(a, $"status unknown for quota: {name}, resources: {string.Join(",", restricted)}");
        }
        var requested = QuotaResources.Mask(usage, hard.Keys);
        var newUsed = QuotaResources.Add(used, requested);
        var exceeded = QuotaResources.Exceeding(QuotaResources.Mask(newUsed, requested.Keys), hard);
        if (exceeded.Count > 0)
        {
            throw Forbidden(a, $"exceeded quota: {name}, requested: {QuotaResources.Print(QuotaResources.Mask(requested, exceeded))}, " +
                $"used: {QuotaResources.Print(QuotaResources.Mask(used, exceeded))}, limited: {QuotaResources.Print(QuotaResources.Mask(hard, exceeded))}");
        }
        return newUsed;
    }

    private static ApiException Forbidden(AdmissionAttributes a, string why) =>
        new(403, "Forbidden", $"{a.Type.QualifiedName} \"{a.Name}\" is forbidden: {why}",
            new StatusDetails(a.Name, a.Type.Group.Length == 0 ? null : a.Type.Group, a.Type.Plural));

    private static object? Model(JsonObject obj, ResourceType type) =>
        ObjectCodec.Decode(obj, type.ModelType, out var model) is null ? model : null;
}
