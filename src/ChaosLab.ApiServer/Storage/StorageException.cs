namespace ChaosLab.ApiServer.Storage;

public enum StorageError
{
    KeyExists,
    NotFound,
    Conflict,
    Compacted,
    FutureRevision,
    Unavailable,
    Timeout,

    /// <summary>A conditional create found a key under a prefix it required empty: the caller decides again from fresh reads.</summary>
    GuardFailed,
}

/// <summary>What went wrong in etcd, in the terms the REST layer turns into Status codes.</summary>
public sealed class StorageException : Exception
{
    public StorageException(StorageError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    public StorageException()
    {
    }

    public StorageException(string message) : base(message)
    {
    }

    public StorageException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StorageError Error { get; }

    /// <summary>For a failed conditional write: the value etcd holds now (null when the key is gone).</summary>
    public StoredValue? Current { get; init; }
}
