using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>
/// Upstream schema names for KubernetesClient model types: V1Deployment → io.k8s.api.apps.v1.Deployment,
/// V1ObjectMeta → io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, Corev1Event → io.k8s.api.core.v1.Event.
/// </summary>
internal static partial class SchemaNames
{
    public const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";

    private static readonly HashSet<string> MetaKinds =
    [
        "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition", "DeleteOptions",
        "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ManagedFieldsEntry",
        "ObjectMeta", "OwnerReference", "Preconditions", "ServerAddressByClientCIDR", "Status", "StatusCause",
        "StatusDetails", "WatchEvent",
    ];

    /// <summary>Entity kinds per version, so that V1PodSpec can be placed with Pod and V1DeploymentStrategy with Deployment.</summary>
    private static readonly ILookup<string, (string Kind, string Group)> EntityKinds = ModelTypes.Entities
        .Select(e => (Match: VersionPrefixed().Match(e.Type.Name), e.Entity))
        .Where(e => e.Match.Success)
        .ToLookup(e => e.Match.Groups["version"].Value.ToLowerInvariant(), e => (e.Match.Groups["kind"].Value, e.Entity.Group ?? ""));

    /// <summary>Core types that other groups reference but whose names start with no core kind.</summary>
    private static readonly HashSet<string> CoreKinds = ["LocalObjectReference", "ObjectReference", "TypedLocalObjectReference", "TypedObjectReference"];

    /// <summary>
    /// The package a type's schema lives in. A type that names no kind of its own belongs with the kind its name
    /// extends (PodTemplateSpec → PodTemplate in core, DeploymentStrategy → Deployment in apps), looking only at
    /// core and the referrer's group; otherwise with the type that referenced it.
    /// </summary>
    public static string Package(Type type, string? referrerPackage)
    {
        if (GroupPrefixed().Match(type.Name) is { Success: true } prefixed)
        {
            return ApiPackage(prefixed.Groups["group"].Value.ToLowerInvariant(), prefixed.Groups["version"].Value);
        }

        var (version, kind) = Split(type);
        if (MetaKinds.Contains(kind))
        {
            return MetaPackage;
        }

        if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
        {
            return ApiPackage(entity.Group ?? "", version);
        }

        var core = ApiPackage("", version);
        if (CoreKinds.Contains(kind))
        {
            return core;
        }

        var owner = EntityKinds[version]
            .Select(e => (e.Kind, Package: ApiPackage(e.Group, version)))
            .Where(e => (e.Package == core || e.Package == referrerPackage) && ExtendsWord(kind, e.Kind))
            .OrderByDescending(e => e.Kind.Length)
            .Select(e => e.Package)
            .FirstOrDefault();
        return owner ?? referrerPackage ?? core;
    }

    /// <summary>"PodSpec" extends "Pod" by a word; "PodIP" and "ScaleIOVolumeSource" do not.</summary>
    private static bool ExtendsWord(string kind, string prefix) =>
        kind.Length > prefix.Length + 1 && kind.StartsWith(prefix, StringComparison.Ordinal)
        && char.IsUpper(kind[prefix.Length]) && char.IsLower(kind[prefix.Length + 1]);

    /// <summary>The kind part of a model type's name: V1PodSpec → PodSpec, Discoveryv1EndpointPort → EndpointPort.</summary>
    public static string Kind(Type type) => Split(type).Kind;

    private static (string Version, string Kind) Split(Type type)
    {
        var match = GroupPrefixed().Match(type.Name) is { Success: true } g ? g : VersionPrefixed().Match(type.Name);
        return match.Success ? (match.Groups["version"].Value.ToLowerInvariant(), match.Groups["kind"].Value) : ("v1", type.Name);
    }

    /// <summary>"" → io.k8s.api.core.v1, "apps" → io.k8s.api.apps.v1, "discovery.k8s.io" → io.k8s.api.discovery.v1.</summary>
    private static string ApiPackage(string group, string version) =>
        $"io.k8s.api.{(group.Length == 0 ? "core" : group.Split('.')[0])}.{version}";

    [GeneratedRegex(@"^(?<version>V\d+(?:alpha\d+|beta\d+)?)(?<kind>[A-Z]\w*)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPrefixed();

    [GeneratedRegex(@"^(?<group>[A-Z][a-z]+)(?<version>v\d+(?:alpha\d+|beta\d+)?)(?<kind>[A-Z]\w*)$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupPrefixed();
}
