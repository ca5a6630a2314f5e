using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>One kind as the garbage collector sees it: metadata from an informer (if watched) and the API calls it needs.</summary>
internal interface IGcResource
{
    /// <summary>API group ("" for core) and kind, which identify owner references whatever their version.</summary>
    string Group { get; }

    string Kind { get; }

    bool Namespaced { get; }

    /// <summary>Whether an informer feeds this kind into the graph (else it is only looked up as an owner).</summary>
    bool Watched { get; }

    V1ObjectMeta? Cached(string? ns, string name);

    /// <summary>Cached objects that name <paramref name="ownerUid"/> as an owner.</summary>
    IReadOnlyList<V1ObjectMeta> DependentsOf(string ownerUid);

    bool ContainsUid(string uid);

    /// <summary>A live read, for decisions the cache must not make alone; null if not found.</summary>
    Task<V1ObjectMeta?> ReadAsync(IKubernetes client, string? ns, string name, CancellationToken ct);

    Task DeleteAsync(IKubernetes client, V1ObjectMeta obj, string policy, CancellationToken ct);

    Task PatchAsync(IKubernetes client, V1ObjectMeta obj, V1Patch patch, CancellationToken ct);

    /// <summary>Calls back with (old or null, new) on add/update and with the last state on delete.</summary>
    void Subscribe(Action<V1ObjectMeta?, V1ObjectMeta> changed, Action<V1ObjectMeta> deleted);

    Task WaitForSyncAsync(CancellationToken ct);
}
