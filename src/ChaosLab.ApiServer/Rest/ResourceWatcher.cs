using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Watch semantics over an etcd watch: unset resourceVersion (or "0") sends the current objects as
/// synthetic ADDED events first; N streams changes after N. An object that starts or stops matching
/// the selectors is sent as ADDED or DELETED, like upstream. A compacted revision ends the stream
/// with an ERROR event carrying 410 Expired.
/// </summary>
public sealed class ResourceWatcher(EtcdStore store, CollectionReader lists)
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? ns, ListOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var filter = new ObjectFilter(type, options.LabelSelector, options.FieldSelector);
        var prefix = ns is null || !type.Namespaced ? type.StoragePrefix : $"{type.StoragePrefix}{ns}/";
        long after;
        var initial = new List<WatchEvent>();
        var rv = options.ResourceVersion;
        if (string.IsNullOrEmpty(rv) || rv == "0" || options.SendInitialEvents == true)
        {
            var list = await lists.ListAsync(type, ns, options with { Limit = 0, Continue = null, ResourceVersion = null }, ct);
            after = long.Parse((string)list["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
            initial.AddRange(list["items"]!.AsArray().Select(i => new WatchEvent("ADDED", i!.DeepClone().AsObject())));
        }
        else
        {
            after = ObjectMeta.ParseResourceVersion(rv, "resourceVersion");
        }
        foreach (var e in initial)
        {
            yield return e;
        }

        var events = store.WatchAsync(prefix, after, ct).GetAsyncEnumerator(ct);
        try
        {
            while (true)
            {
                StorageEvent change;
                WatchEvent? failure = null;
                try
                {
                    if (!await events.MoveNextAsync())
                    {
                        yield break;
                    }
                    change = events.Current;
                }
                catch (StorageException ex) when (ex.Error == StorageError.Compacted)
                {
                    failure = new WatchEvent("ERROR", ApiException.Expired("The resourceVersion for the provided watch is too old.").ToStatus());
                    change = null!;
                }
                catch (StorageException ex)
                {
                    failure = new WatchEvent("ERROR", ResourceStore.Map(type, "", ex).ToStatus());
                    change = null!;
                }
                if (failure is not null)
                {
                    yield return failure;
                    yield break;
                }
                if (Translate(change, filter) is { } e)
                {
                    yield return e;
                }
            }
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    private static WatchEvent? Translate(StorageEvent change, ObjectFilter filter)
    {
        var rv = change.Revision.ToString(CultureInfo.InvariantCulture);
        var previous = change.Previous is null ? null : ObjectCodec.Decode(change.Previous);
        if (change.Type == WatchEventType.Delete)
        {
            if (previous is null || !filter.Matches(previous))
            {
                return null;
            }
            ObjectCodec.Meta(previous)["resourceVersion"] = rv;
            return new WatchEvent("DELETED", previous);
        }
        var current = ObjectCodec.Decode(change.Current!);
        var matchesNow = filter.Matches(current);
        var matchedBefore = previous is not null && filter.Matches(previous);
        return (matchedBefore, matchesNow) switch
        {
            (false, true) => new WatchEvent("ADDED", current),
            (true, true) => new WatchEvent("MODIFIED", current),
            (true, false) => new WatchEvent("DELETED", WithRv(current, rv)),
            _ => null,
        };
    }

    private static JsonObject WithRv(JsonObject obj, string rv)
    {
        ObjectCodec.Meta(obj)["resourceVersion"] = rv;
        return obj;
    }
}
