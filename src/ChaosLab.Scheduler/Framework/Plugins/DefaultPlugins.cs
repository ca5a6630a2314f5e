namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// The plugin set of upstream's default profile that this scheduler implements, in upstream's
/// order (filters run cheapest and most decisive first; the first failing filter decides a node).
/// </summary>
public static class DefaultPlugins
{
    /// <summary>The filters; with a claim lookup, pods wait first for their PersistentVolumeClaims to be bound.</summary>
    public static IReadOnlyList<IFilterPlugin> Filters(Func<string, string, k8s.Models.V1PersistentVolumeClaim?>? claims = null) =>
    [
        .. claims is null ? Array.Empty<IFilterPlugin>() : [new VolumeBinding(claims)],
        new NodeUnschedulable(),
        new NodeName(),
        new TaintToleration(),
        new NodeAffinity(),
        new NodeResourcesFit(),
    ];

    public static IReadOnlyList<IScorePlugin> Scorers() =>
    [
        new TaintToleration(),
        new NodeAffinity(),
        new NodeResourcesFit(),
        new SelectorSpread(),
    ];
}
