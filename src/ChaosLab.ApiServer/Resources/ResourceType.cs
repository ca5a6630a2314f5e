namespace ChaosLab.ApiServer.Resources;

/// <summary>
/// One REST resource the server serves (e.g. apps/v1 deployments): how it is named on the wire and in
/// discovery, whether it is namespaced, its verbs and subresources, and the KubernetesClient model type
/// its objects decode into.
/// </summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    Type ModelType,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    IReadOnlyList<SubresourceType> Subresources)
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Set for resources served from a CustomResourceDefinition, which have no model type of their own.</summary>
    public CustomResource? Custom { get; init; }

    /// <summary>"v1" for the core group, else "group/version".</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ApiVersion => GroupVersion;

    public string ListKind => Kind + "List";

    /// <summary>"deployments.apps" / "pods": how upstream names the resource in error messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The URL prefix of the group-version: /api/v1 or /apis/apps/v1.</summary>
    public string UrlPrefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>etcd key prefix: /registry/PLURAL/ (then NAMESPACE/NAME, or NAME when cluster-scoped); /registry/GROUP/PLURAL/ for custom resources.</summary>
    public string StoragePrefix { get; init; } = $"/registry/{Plural}/";

    public string Key(string? ns, string name) => Namespaced ? $"{StoragePrefix}{ns}/{name}" : $"{StoragePrefix}{name}";

    public SubresourceType? Subresource(string name) => Subresources.FirstOrDefault(s => s.Name == name);
}

/// <summary>A subresource such as deployments/scale (autoscaling/v1 Scale) or pods/status.</summary>
public sealed record SubresourceType(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
