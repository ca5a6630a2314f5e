namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// Everything generators may aim at, and nothing else: the run's own namespace, names of the run's own objects,
/// and the kinds the server serves. Cluster-scoped names all start with the namespace's, so no generated request
/// reaches a namespace, node or kube-system object the run did not make.
/// </summary>
public sealed record FuzzScope(string Namespace, IReadOnlyList<ServedKind> Kinds, ContinueTokens Tokens)
{
    /// <summary>The label every object the run makes carries, so clean-up finds them.</summary>
    public const string RunLabel = "chaoslab.fuzz/run";

    /// <summary>The object each kind has from the start (made again before each property).</summary>
    public string SeedName(ServedKind kind) => Own(kind, "seed");

    /// <summary>Names requests write to: the seed, and names that come and go as the run creates and deletes them.</summary>
    public IReadOnlyList<string> Names(ServedKind kind) => [SeedName(kind), Own(kind, "a"), Own(kind, "b")];

    /// <summary>Names a DELETE may aim at: never the seed of a cluster-scoped kind, so the run's namespaces stay.</summary>
    public IReadOnlyList<string> DeletableNames(ServedKind kind) =>
        kind.Namespaced ? Names(kind) : [Own(kind, "a"), Own(kind, "b")];

    /// <summary>A namespace that does not exist, for bodies whose metadata.namespace contradicts the URL.</summary>
    public string OtherNamespace => Namespace + "-other";

    public IEnumerable<ServedKind> Namespaced => Kinds.Where(k => k.Namespaced);

    private string Own(ServedKind kind, string suffix) => kind.Namespaced ? suffix : $"{Namespace}-{suffix}";
}

/// <summary>Real `continue` tokens read at set-up: one of the run's ConfigMap list, one of another list.</summary>
public sealed record ContinueTokens(string ConfigMaps, string Foreign);
