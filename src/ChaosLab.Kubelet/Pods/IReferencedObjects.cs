using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// The ConfigMaps and Secrets a pod names (for its volumes and environment), read on its behalf. The node authorizer
/// lets a kubelet get exactly these, one by name; a failure is a <see cref="ReferencedObjectException"/>.
/// </summary>
public interface IReferencedObjects
{
    Task<V1ConfigMap> GetConfigMapAsync(string ns, string name, CancellationToken ct);

    Task<V1Secret> GetSecretAsync(string ns, string name, CancellationToken ct);

    /// <summary>A claim a persistentVolumeClaim volume names; sources that serve no claims say so.</summary>
    Task<V1PersistentVolumeClaim> GetPersistentVolumeClaimAsync(string ns, string name, CancellationToken ct) =>
        throw new ReferencedObjectException($"reading persistentvolumeclaim \"{name}\": not available here");

    /// <summary>The volume a bound claim names.</summary>
    Task<V1PersistentVolume> GetPersistentVolumeAsync(string name, CancellationToken ct) =>
        throw new ReferencedObjectException($"reading persistentvolume \"{name}\": not available here");
}

/// <summary>How volumes and environment read what a pod references.</summary>
public static class ReferencedObjectRead
{
    /// <summary>
    /// The object, or null for an optional one that does not exist; any other failure becomes the caller's kind of
    /// error (<paramref name="fail"/>), carrying the read's message.
    /// </summary>
    public static async Task<T?> OptionalAsync<T>(Func<Task<T>> read, bool optional, Func<ReferencedObjectException, Exception> fail)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(fail);
        try
        {
            return await read();
        }
        catch (ReferencedObjectException ex) when (ex.IsNotFound && optional)
        {
            return null;
        }
        catch (ReferencedObjectException ex)
        {
            throw fail(ex);
        }
    }
}

/// <summary>
/// A referenced object that could not be read: not there (<see cref="IsNotFound"/>, which an optional reference
/// tolerates), refused by the API server (its message), or the API server unreachable.
/// </summary>
public sealed class ReferencedObjectException : Exception
{
    public ReferencedObjectException(string message, bool isNotFound) : base(message) => IsNotFound = isNotFound;

    public ReferencedObjectException()
    {
    }

    public ReferencedObjectException(string message) : base(message)
    {
    }

    public ReferencedObjectException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public bool IsNotFound { get; }

    /// <summary>Upstream kubelet's words for a missing object: `configmap "x" not found`, `secret "x" not found`.</summary>
    public static ReferencedObjectException NotFound(string kind, string name) => new($"{kind} \"{name}\" not found", isNotFound: true);
}
