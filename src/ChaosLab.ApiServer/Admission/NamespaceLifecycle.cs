using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// Namespaced objects may be created only in a namespace that exists and is not terminating; the
/// system namespaces cannot be deleted.
/// </summary>
public sealed class NamespaceLifecycle(EtcdStore store) : IAdmissionPlugin
{
    // Like upstream's informer-backed check, an active namespace is trusted for a moment instead of read per request.
    private static readonly TimeSpan ActiveCacheTime = TimeSpan.FromSeconds(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> _active = new();

    private static readonly ResourceType Namespaces = ResourceCatalog.Find("", "v1", "namespaces")!;
    private static readonly HashSet<string> Immortal = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public async Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Type.Kind == "Namespace" && attributes.Operation == AdmissionOperation.Delete && Immortal.Contains(attributes.Name ?? ""))
        {
            throw new ApiException(403, "Forbidden", $"namespace \"{attributes.Name}\" is forbidden: this namespace may not be deleted");
        }
        if (!attributes.Type.Namespaced || attributes.Operation != AdmissionOperation.Create || attributes.Subresource is not null)
        {
            return;
        }
        var ns = attributes.Namespace ?? "";
        if (_active.TryGetValue(ns, out var seen) && DateTime.UtcNow - seen < ActiveCacheTime)
        {
            return;
        }
        var stored = await store.GetAsync(Namespaces.Key(null, ns), ct) ?? throw ApiException.NotFound("namespaces", ns);
        var obj = JsonNode.Parse(stored.Value.Span)!.AsObject();
        if ((string?)obj["status"]?["phase"] == "Terminating" || obj["metadata"]?["deletionTimestamp"] is not null)
        {
            // Events may still be written while a namespace terminates, as upstream allows.
            if (attributes.Type.Kind != "Event")
            {
                throw new ApiException(403, "Forbidden",
                    $"{attributes.Type.QualifiedName} \"{attributes.Name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
            }
            return;
        }
        _active[ns] = DateTime.UtcNow;
    }
}
