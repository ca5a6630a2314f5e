using System.Reflection;
using k8s.Models;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>The KubernetesClient model types that are API kinds (they carry [KubernetesEntity]), looked up by group, version and kind.</summary>
internal static class ModelTypes
{
    public static IReadOnlyList<(Type Type, KubernetesEntityAttribute Entity)> Entities { get; } = typeof(V1Pod).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()!))
        .Where(e => e.Entity is not null)
        .ToList();

    private static readonly Dictionary<(string, string, string), Type> ByKind = Entities
        .GroupBy(e => (e.Entity.Group ?? "", e.Entity.ApiVersion ?? "", e.Entity.Kind ?? ""))
        .ToDictionary(g => g.Key, g => g.First().Type);

    public static Type? Find(string group, string version, string kind) => ByKind.GetValueOrDefault((group, version, kind));
}
