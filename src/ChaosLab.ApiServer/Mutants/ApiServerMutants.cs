namespace ChaosLab.ApiServer.Mutants;

/// <summary>
/// The deliberately broken behaviours this API server can run with (<c>--mutant=NAME</c>), so that the feature
/// catalog can prove it notices them. The lab's MutantCatalog documents each one. Both touch ConfigMaps only:
/// the components of the lab keep working (they would otherwise fight their own stale reads and never come up),
/// while every client's ConfigMap writes and reads show the bug.
/// </summary>
public static class ApiServerMutants
{
    /// <summary>ConfigMap writes are acknowledged at once and committed a second later, dropped if that fails.</summary>
    public const string EarlyAck = "apiserver-early-ack";

    /// <summary>GETs of a ConfigMap are answered from a memo kept for <see cref="StaleReadMemo.Age"/>.</summary>
    public const string StaleReads = "apiserver-stale-reads";

    public static IReadOnlyList<string> All { get; } = [EarlyAck, StaleReads];

    public const string AffectedKind = "ConfigMap";
}
