namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>A resource the server lists in discovery (/api/v1, /apis/GROUP/VERSION), with its schema from /openapi/v3.</summary>
public sealed record ServedKind(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Subresources,
    FieldSchema Schema)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    private string Prefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>The collection in the run's namespace (or the cluster's, for a cluster-scoped kind).</summary>
    public string Collection(string ns) => Namespaced ? $"{Prefix}/namespaces/{ns}/{Plural}" : $"{Prefix}/{Plural}";

    public string Object(string ns, string name, string? subresource = null) =>
        $"{Collection(ns)}/{name}{(subresource is null ? "" : "/" + subresource)}";

    public bool Can(string verb) => Verbs.Contains(verb);

    public bool HasStatus => Subresources.Contains("status");

    public override string ToString() => $"{Plural}.{(Group.Length == 0 ? "core" : Group)}";
}
