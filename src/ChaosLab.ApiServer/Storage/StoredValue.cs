namespace ChaosLab.ApiServer.Storage;

/// <summary>One key as etcd holds it: the object's JSON bytes and the revisions that become its resourceVersion.</summary>
public sealed record StoredValue(string Key, ReadOnlyMemory<byte> Value, long ModRevision, long CreateRevision);

public enum WatchEventType
{
    Put,
    Delete,
}

/// <summary>A change seen by an etcd watch. For a delete, <see cref="Previous"/> holds the last state.</summary>
public sealed record StorageEvent(WatchEventType Type, StoredValue? Current, StoredValue? Previous, long Revision);

/// <summary>A page of a list read at one revision.</summary>
public sealed record ListPage(IReadOnlyList<StoredValue> Items, long Revision, string? ContinueKey, long RemainingItemCount);
