namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// The plugin set of upstream's default profile that this scheduler implements, in upstream's
/// order (filters run cheapest and most decisive first; the first failing filter decides a node).
/// </summary>
public static class DefaultPlugins
{
    public static IReadOnlyList<IFilterPlugin> Filters() =>
    [
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
