using System.Runtime.CompilerServices;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Mvccpb;

namespace ChaosLab.ApiServer.Storage;

/// <summary>
/// The only place that talks to etcd. Writes are transactions that compare mod_revision (0 for create),
/// so concurrent API servers never overwrite each other; reads are linearizable unless a revision is given.
/// </summary>
public sealed class EtcdStore(EtcdConnection connection, TimeSpan requestTimeout)
{
    public TimeSpan RequestTimeout => requestTimeout;

    public async Task<StoredValue?> GetAsync(string key, CancellationToken ct = default)
    {
        var response = await RunAsync(c => new KV.KVClient(c).RangeAsync(new RangeRequest { Key = Bytes(key) }, Options(ct)).ResponseAsync, ct);
        return response.Kvs.Count == 0 ? null : ToValue(response.Kvs[0]);
    }

    public async Task<long> CurrentRevisionAsync(CancellationToken ct = default)
    {
        var response = await RunAsync(c => new KV.KVClient(c).RangeAsync(new RangeRequest { Key = Bytes("/registry/health"), CountOnly = true }, Options(ct)).ResponseAsync, ct);
        return response.Header.Revision;
    }

    /// <summary>Lists keys under a prefix. With <paramref name="revision"/> 0 the read is linearizable at the newest revision.</summary>
    public async Task<ListPage> ListAsync(string prefix, long limit, string? startKey, long revision, CancellationToken ct = default)
    {
        var request = new RangeRequest
        {
            Key = Bytes(startKey ?? prefix),
            RangeEnd = PrefixEnd(prefix),
            Limit = limit > 0 ? limit + 1 : 0,
            Revision = revision,
        };
        var response = await RunAsync(c => new KV.KVClient(c).RangeAsync(request, Options(ct)).ResponseAsync, ct);
        var items = response.Kvs.Select(ToValue).ToList();
        string? next = null;
        long remaining = 0;
        if (limit > 0 && items.Count > limit)
        {
            next = items[(int)limit].Key;
            remaining = response.Count - limit;
            items.RemoveRange((int)limit, items.Count - (int)limit);
        }
        var readAt = revision > 0 ? revision : response.Header.Revision;
        return new ListPage(items, readAt, next, remaining);
    }

    /// <summary>Creates KEY only if absent; extra keys (e.g. an IP allocation) are created in the same transaction.</summary>
    public Task<long> CreateAsync(string key, byte[] value, IReadOnlyList<(string Key, byte[] Value)>? alsoCreate = null, CancellationToken ct = default) =>
        CreateAsync(key, value, alsoCreate, [], ct);

    /// <summary>
    /// As above, and only while every prefix of <paramref name="emptyPrefixes"/> holds no key: a decision taken from a
    /// cache that something is absent (a namespace without ResourceQuotas) is checked by the write itself, so it costs
    /// no read and cannot be stale. A prefix that holds a key fails the write with <see cref="StorageError.GuardFailed"/>.
    /// </summary>
    public async Task<long> CreateAsync(string key, byte[] value, IReadOnlyList<(string Key, byte[] Value)>? alsoCreate, IReadOnlyList<string> emptyPrefixes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(emptyPrefixes);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = 0 });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value) } });
        foreach (var (extraKey, extraValue) in alsoCreate ?? [])
        {
            txn.Compare.Add(new Compare { Key = Bytes(extraKey), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = 0 });
            txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(extraKey), Value = ByteString.CopyFrom(extraValue) } });
        }
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } });
        foreach (var prefix in emptyPrefixes)
        {
            // Over a range, etcd compares every key in it, and an empty range as one key with revisions 0:
            // "create_revision = 0" holds exactly when no key exists under the prefix.
            txn.Compare.Add(new Compare { Key = Bytes(prefix), RangeEnd = PrefixEnd(prefix), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
            txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(prefix), RangeEnd = PrefixEnd(prefix), CountOnly = true } });
        }
        var (response, replayed) = await RunTxnAsync(txn, ct);
        if (!response.Succeeded)
        {
            var existing = response.Responses[0].ResponseRange.Kvs;
            if (replayed && existing.Count > 0 && existing[0].Value.Span.SequenceEqual(value))
            {
                // The attempt that lost its member committed: the key holds our own value (its UID is new).
                return existing[0].ModRevision;
            }
            if (existing.Count == 0 && emptyPrefixes.Where((_, i) => response.Responses[i + 1].ResponseRange.Count > 0).FirstOrDefault() is { } held)
            {
                throw new StorageException(StorageError.GuardFailed, $"{held} is no longer empty");
            }
            throw new StorageException(StorageError.KeyExists, existing.Count > 0 ? $"{key} exists" : $"a key created with {key} exists")
            {
                Current = existing.Count > 0 ? ToValue(existing[0]) : null,
            };
        }
        return response.Header.Revision;
    }

    /// <summary>
    /// Writes KEY only if its mod_revision is still <paramref name="expectedRevision"/>; extra keys (a node port a
    /// Service takes or gives back) are created only if absent, or deleted, in the same transaction.
    /// </summary>
    public Task<long> UpdateAsync(string key, byte[] value, long expectedRevision, CancellationToken ct = default) =>
        UpdateAsync(key, value, expectedRevision, null, null, ct);

    public async Task<long> UpdateAsync(string key, byte[] value, long expectedRevision,
        IReadOnlyList<(string Key, byte[] Value)>? alsoCreate, IReadOnlyList<string>? alsoDelete, CancellationToken ct = default)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedRevision });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value) } });
        foreach (var (extraKey, extraValue) in alsoCreate ?? [])
        {
            txn.Compare.Add(new Compare { Key = Bytes(extraKey), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = 0 });
            txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(extraKey), Value = ByteString.CopyFrom(extraValue) } });
        }
        foreach (var extra in alsoDelete ?? [])
        {
            txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(extra) } });
        }
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } });
        var (response, replayed) = await RunTxnAsync(txn, ct);
        if (!response.Succeeded)
        {
            var current = response.Responses[0].ResponseRange.Kvs;
            if (replayed && current.Count > 0 && current[0].Value.Span.SequenceEqual(value))
            {
                // The attempt that lost its member committed: the key holds the value we wrote.
                return current[0].ModRevision;
            }
            if (current.Count > 0 && current[0].ModRevision == expectedRevision)
            {
                // The object was as expected: one of the extra keys exists.
                throw new StorageException(StorageError.KeyExists, $"a key written with {key} exists");
            }
            throw new StorageException(current.Count == 0 ? StorageError.NotFound : StorageError.Conflict, $"{key} changed")
            {
                Current = current.Count > 0 ? ToValue(current[0]) : null,
            };
        }
        return response.Header.Revision;
    }

    /// <summary>Deletes KEY (only at <paramref name="expectedRevision"/> when given) and any extra keys in the same transaction.</summary>
    public async Task<long> DeleteAsync(string key, long expectedRevision, IReadOnlyList<string>? alsoDelete = null, CancellationToken ct = default)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(expectedRevision > 0
            ? new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedRevision }
            : new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Greater, ModRevision = 0 });
        txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(key) } });
        foreach (var extra in alsoDelete ?? [])
        {
            txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(extra) } });
        }
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } });
        var (response, replayed) = await RunTxnAsync(txn, ct);
        if (!response.Succeeded)
        {
            var current = response.Responses[0].ResponseRange.Kvs;
            if (replayed && current.Count == 0)
            {
                // The attempt that lost its member committed the delete.
                return response.Header.Revision;
            }
            throw new StorageException(current.Count == 0 ? StorageError.NotFound : StorageError.Conflict, $"{key} changed")
            {
                Current = current.Count > 0 ? ToValue(current[0]) : null,
            };
        }
        return response.Header.Revision;
    }

    /// <summary>Changes under a prefix strictly after <paramref name="afterRevision"/>, until cancelled.</summary>
    public async IAsyncEnumerable<StorageEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var call = connection.Watch.Watch(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = Bytes(prefix), RangeEnd = PrefixEnd(prefix), StartRevision = afterRevision + 1, PrevKv = true },
        }, ct);
        var responses = call.ResponseStream;
        while (true)
        {
            bool more;
            try
            {
                more = await responses.MoveNext(ct);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                yield break;
            }
            catch (RpcException ex)
            {
                throw Translate(ex);
            }
            if (!more)
            {
                yield break;
            }
            var response = responses.Current;
            if (response.CompactRevision > 0 || response.Canceled)
            {
                throw new StorageException(response.CompactRevision > 0 ? StorageError.Compacted : StorageError.Unavailable,
                    response.CompactRevision > 0 ? $"required revision {afterRevision} has been compacted (compacted at {response.CompactRevision})" : $"watch cancelled: {response.CancelReason}");
            }
            foreach (var e in response.Events)
            {
                yield return e.Type == Event.Types.EventType.Put
                    ? new StorageEvent(WatchEventType.Put, ToValue(e.Kv), e.PrevKv is null ? null : ToValue(e.PrevKv), e.Kv.ModRevision)
                    : new StorageEvent(WatchEventType.Delete, null, e.PrevKv is null ? null : ToValue(e.PrevKv), e.Kv.ModRevision);
            }
        }
    }

    public async Task CompactAsync(long revision, CancellationToken ct = default) =>
        await RunAsync(c => new KV.KVClient(c).CompactAsync(new CompactionRequest { Revision = revision }, Options(ct)).ResponseAsync, ct);

    /// <summary>A quorum read: it fails when the member has no leader, which is what /readyz reports.</summary>
    public async Task CheckHealthAsync(CancellationToken ct = default) =>
        await RunAsync(c => new KV.KVClient(c).RangeAsync(new RangeRequest { Key = Bytes("/registry/health") }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: ct)).ResponseAsync, ct);

    private async Task<T> RunAsync<T>(Func<Grpc.Net.Client.GrpcChannel, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await connection.CallAsync(call, ct);
        }
        catch (RpcException ex)
        {
            throw Translate(ex);
        }
    }

    /// <summary>
    /// Runs a transaction, saying whether it was sent more than once. A member that dies mid-call may have
    /// committed it before the connection moved on, so a replay can find its own write: the callers then
    /// report that write, not a conflict with it (a create answered 409 AlreadyExists for an object it created).
    /// </summary>
    private async Task<(TxnResponse Response, bool Replayed)> RunTxnAsync(TxnRequest txn, CancellationToken ct)
    {
        var attempts = 0;
        var response = await RunAsync(c =>
        {
            attempts++;
            return new KV.KVClient(c).TxnAsync(txn, Options(ct)).ResponseAsync;
        }, ct);
        return (response, attempts > 1);
    }

    private CallOptions Options(CancellationToken ct) => new(deadline: DateTime.UtcNow + requestTimeout, cancellationToken: ct);

    private static StorageException Translate(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.OutOfRange when ex.Status.Detail.Contains("compacted", StringComparison.Ordinal) => new StorageException(StorageError.Compacted, ex.Status.Detail, ex),
        StatusCode.OutOfRange when ex.Status.Detail.Contains("future", StringComparison.Ordinal) => new StorageException(StorageError.FutureRevision, ex.Status.Detail, ex),
        StatusCode.DeadlineExceeded => new StorageException(StorageError.Timeout, "etcd did not answer in time: " + ex.Status.Detail, ex),
        _ => new StorageException(StorageError.Unavailable, $"etcd: {ex.Status.StatusCode}: {ex.Status.Detail}", ex),
    };

    private static ByteString Bytes(string s) => ByteString.CopyFromUtf8(s);

    private static ByteString PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        bytes[^1]++;
        return ByteString.CopyFrom(bytes);
    }

    private static StoredValue ToValue(KeyValue kv) => new(kv.Key.ToStringUtf8(), kv.Value.Memory, kv.ModRevision, kv.CreateRevision);
}
