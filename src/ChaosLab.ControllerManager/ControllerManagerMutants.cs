namespace ChaosLab.ControllerManager;

/// <summary>
/// The deliberately broken behaviours this controller manager can run with (<c>--mutant=NAME</c>), so that the
/// feature catalog can prove it notices them. The lab's MutantCatalog documents each one.
/// </summary>
public static class ControllerManagerMutants
{
    /// <summary>The node lifecycle controller never marks a node whose heartbeats stopped Unknown.</summary>
    public const string NodeMonitorBlind = "node-monitor-blind";

    /// <summary>The endpoints and EndpointSlice controllers act on every change <see cref="EndpointsLagDelay"/> late.</summary>
    public const string EndpointsLag = "endpoints-lag";

    public static readonly TimeSpan EndpointsLagDelay = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<string> All { get; } = [NodeMonitorBlind, EndpointsLag];

    /// <summary>A queue worker's sync as the options run it: at once, or 30 s late under the endpoints-lag mutant.</summary>
    public static Func<string, CancellationToken, Task> Lagging(ControllerManagerOptions options, Func<string, CancellationToken, Task> sync)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mutant != EndpointsLag)
        {
            return sync;
        }
        return async (key, ct) =>
        {
            await Task.Delay(EndpointsLagDelay, ct);
            await sync(key, ct);
        };
    }
}
