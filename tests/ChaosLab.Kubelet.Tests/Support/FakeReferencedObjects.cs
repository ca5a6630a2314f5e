using ChaosLab.Kubelet.Pods;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Support;

/// <summary>ConfigMaps and Secrets in dictionaries, keyed "ns/name"; a missing one is upstream's "not found", a refused one any other failure.</summary>
internal sealed class FakeReferencedObjects : IReferencedObjects
{
    public Dictionary<string, V1ConfigMap> ConfigMaps { get; } = [];

    public Dictionary<string, V1Secret> Secrets { get; } = [];

    /// <summary>"ns/name" of objects whose reads fail as the API server refusing them would.</summary>
    public HashSet<string> Refused { get; } = [];

    /// <summary>Every read, in order ("configmap default/app", "secret default/db").</summary>
    public List<string> Reads { get; } = [];

    public FakeReferencedObjects AddConfigMap(string name, Dictionary<string, string> data, string ns = "default")
    {
        ConfigMaps[$"{ns}/{name}"] = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Data = data };
        return this;
    }

    public FakeReferencedObjects AddSecret(string name, Dictionary<string, string> data, string ns = "default")
    {
        Secrets[$"{ns}/{name}"] = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Data = data.ToDictionary(p => p.Key, p => System.Text.Encoding.UTF8.GetBytes(p.Value)),
        };
        return this;
    }

    public Task<V1ConfigMap> GetConfigMapAsync(string ns, string name, CancellationToken ct) => Get(ConfigMaps, "configmap", ns, name);

    public Task<V1Secret> GetSecretAsync(string ns, string name, CancellationToken ct) => Get(Secrets, "secret", ns, name);

    private Task<T> Get<T>(Dictionary<string, T> objects, string kind, string ns, string name)
    {
        Reads.Add($"{kind} {ns}/{name}");
        if (Refused.Contains($"{ns}/{name}"))
        {
            return Task.FromException<T>(new ReferencedObjectException($"{kind}s \"{name}\" is forbidden: no relationship found between node and this object"));
        }
        return objects.TryGetValue($"{ns}/{name}", out var found)
            ? Task.FromResult(found)
            : Task.FromException<T>(ReferencedObjectException.NotFound(kind, name));
    }
}
