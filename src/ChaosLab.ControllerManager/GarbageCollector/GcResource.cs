using ChaosLab.Client;
using ChaosLab.Client.Informers;
using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary><see cref="IGcResource"/> over a typed informer and typed API calls.</summary>
internal sealed class GcResource<T, TList> : IGcResource
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private const string OwnerIndex = "gc-owner-uid";
    private const string UidIndex = "gc-uid";

    private readonly Informer<T, TList>? _informer;
    private readonly Func<IKubernetes, string?, string, CancellationToken, Task<T>> _read;
    private readonly Func<IKubernetes, string?, string, V1DeleteOptions, CancellationToken, Task> _delete;
    private readonly Func<IKubernetes, string?, string, V1Patch, CancellationToken, Task> _patch;

    public GcResource(
        string group, string kind, bool namespaced, Informer<T, TList>? informer,
        Func<IKubernetes, string?, string, CancellationToken, Task<T>> read,
        Func<IKubernetes, string?, string, V1DeleteOptions, CancellationToken, Task> delete,
        Func<IKubernetes, string?, string, V1Patch, CancellationToken, Task> patch)
    {
        Group = group;
        Kind = kind;
        Namespaced = namespaced;
        _informer = informer;
        _read = read;
        _delete = delete;
        _patch = patch;
        _informer?.Cache.AddIndex(OwnerIndex, obj => obj.Metadata?.OwnerReferences?.Select(r => r.Uid).Where(uid => uid is not null) ?? []);
        _informer?.Cache.AddIndex(UidIndex, obj => obj.Metadata?.Uid);
    }

    public string Group { get; }

    public string Kind { get; }

    public bool Namespaced { get; }

    public bool Watched => _informer is not null;

    public V1ObjectMeta? Cached(string? ns, string name) => _informer?.Cache.Get(Namespaced ? ns : null, name)?.Metadata;

    public IReadOnlyList<V1ObjectMeta> DependentsOf(string ownerUid) =>
        _informer is null ? [] : [.. _informer.Cache.ByIndex(OwnerIndex, ownerUid).Select(o => o.Metadata)];

    public bool ContainsUid(string uid) => _informer is not null && _informer.Cache.ByIndex(UidIndex, uid).Count > 0;

    public async Task<V1ObjectMeta?> ReadAsync(IKubernetes client, string? ns, string name, CancellationToken ct)
    {
        try
        {
            return (await _read(client, Namespaced ? ns : null, name, ct)).Metadata;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    public Task DeleteAsync(IKubernetes client, V1ObjectMeta obj, string policy, CancellationToken ct) =>
        _delete(client, obj.NamespaceProperty, obj.Name, new V1DeleteOptions
        {
            PropagationPolicy = policy,
            // Never delete a namesake created after the decision was made.
            Preconditions = new V1Preconditions { Uid = obj.Uid },
        }, ct);

    public Task PatchAsync(IKubernetes client, V1ObjectMeta obj, V1Patch patch, CancellationToken ct) =>
        _patch(client, obj.NamespaceProperty, obj.Name, patch, ct);

    public void Subscribe(Action<V1ObjectMeta?, V1ObjectMeta> changed, Action<V1ObjectMeta> deleted) =>
        _informer?.AddEventHandler(
            obj => changed(null, obj.Metadata),
            (old, obj) =>
            {
                if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    changed(old.Metadata, obj.Metadata);
                }
            },
            obj => deleted(obj.Metadata));

    public Task WaitForSyncAsync(CancellationToken ct) => _informer?.WaitForSyncAsync(ct) ?? Task.CompletedTask;
}
