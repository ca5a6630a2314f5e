using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Lists a resource from etcd at one consistent revision, filtered by selectors, in pages of `limit`
/// with a `continue` token (410 Expired once etcd has compacted the page's revision).
/// </summary>
public sealed class CollectionReader(EtcdStore store)
{
    private const long PageSize = 500;

    public async Task<JsonObject> ListAsync(ResourceType type, string? ns, ListOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var filter = new ObjectFilter(type, options.LabelSelector, options.FieldSelector);
        var prefix = ns is null || !type.Namespaced ? type.StoragePrefix : $"{type.StoragePrefix}{ns}/";
        long revision = 0;
        string? start = null;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            (revision, start) = ContinueToken.Decode(options.Continue, prefix);
            // As upstream's etcd3 store: the token fixes the revision, so a version asked for beside it is refused.
            if (options.ResourceVersion is { Length: > 0 } and not "0")
            {
                throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
            }
        }
        else if (options.ResourceVersion is { Length: > 0 } rv && rv != "0")
        {
            var requested = ObjectMeta.ParseResourceVersion(rv, "resourceVersion");
            if (options.ResourceVersionMatch == "Exact")
            {
                revision = requested;
            }
        }

        var items = new JsonArray();
        string? next = null;
        long remaining = 0;
        var limit = options.Limit > 0 ? options.Limit : long.MaxValue;
        while (true)
        {
            ListPage page;
            try
            {
                page = await store.ListAsync(prefix, Math.Min(PageSize, limit == long.MaxValue ? PageSize : Math.Max(limit - items.Count, 1)), start, revision, ct);
            }
            catch (StorageException ex) when (ex.Error == StorageError.Compacted && !string.IsNullOrEmpty(options.Continue))
            {
                throw ApiException.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }
            catch (StorageException ex)
            {
                throw ResourceStore.Map(type, "", ex);
            }
            revision = page.Revision;
            foreach (var value in page.Items)
            {
                var obj = ObjectCodec.Decode(value);
                if (filter.Matches(obj))
                {
                    items.Add(obj);
                }
            }
            if (page.ContinueKey is null)
            {
                break;
            }
            start = page.ContinueKey;
            if (items.Count >= limit)
            {
                next = ContinueToken.Encode(revision, start);
                remaining = page.RemainingItemCount;
                break;
            }
        }

        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (next is not null)
        {
            metadata["continue"] = next;
            if (options.LabelSelector is null && options.FieldSelector is null)
            {
                metadata["remainingItemCount"] = remaining;
            }
        }
        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        };
    }
}
