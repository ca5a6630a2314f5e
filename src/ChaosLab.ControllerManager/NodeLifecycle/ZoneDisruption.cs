namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>What changed in the disruption picture after a monitor pass.</summary>
/// <param name="EnteredFullDisruption">Every zone just became fully disrupted: remove all NoExecute taints, stop tainting.</param>
/// <param name="ExitedFullDisruption">Some node is ready again after total disruption: give every node a fresh grace period.</param>
/// <param name="Rates">New tainting rate (nodes per second) of each zone whose rate changed.</param>
internal sealed record DisruptionDecision(bool EnteredFullDisruption, bool ExitedFullDisruption, IReadOnlyDictionary<string, double> Rates);

/// <summary>
/// Upstream's handleDisruption. If every node of every zone is not ready, the likelier cause is the
/// control plane's own connectivity, not the nodes: evicting everything would turn a network blip into
/// an outage, so taints are lifted and tainting stops. A zone with at least UnhealthyZoneThreshold of
/// its nodes (and more than two) not ready is partially disrupted: tainting slows (large clusters) or
/// stops (small ones).
/// </summary>
internal sealed class ZoneDisruption(ControllerManagerOptions options)
{
    private readonly Dictionary<string, ZoneState> _states = new(StringComparer.Ordinal);

    public ZoneState StateOf(string zone) => _states.GetValueOrDefault(zone, ZoneState.Initial);

    /// <param name="readyByZone">Per zone, for each node counted there, whether its Ready condition is True.</param>
    public DisruptionDecision Update(IReadOnlyDictionary<string, IReadOnlyList<bool>> readyByZone)
    {
        var newStates = new Dictionary<string, ZoneState>(StringComparer.Ordinal);
        var allFullyDisrupted = true;
        foreach (var (zone, ready) in readyByZone)
        {
            var state = Compute(ready);
            allFullyDisrupted &= state == ZoneState.FullDisruption;
            newStates[zone] = state;
            _states.TryAdd(zone, ZoneState.Initial);
        }
        foreach (var zone in _states.Keys.Where(z => !readyByZone.ContainsKey(z)).ToList())
        {
            _states.Remove(zone);
        }
        var allWereFullyDisrupted = _states.Values.All(s => s == ZoneState.FullDisruption);
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        if (allFullyDisrupted && allWereFullyDisrupted)
        {
            return new DisruptionDecision(false, false, rates);
        }
        if (allFullyDisrupted)
        {
            foreach (var zone in _states.Keys.ToList())
            {
                _states[zone] = ZoneState.FullDisruption;
                rates[zone] = 0;
            }
            return new DisruptionDecision(true, false, rates);
        }
        if (allWereFullyDisrupted)
        {
            foreach (var zone in _states.Keys.ToList())
            {
                _states[zone] = newStates[zone];
                rates[zone] = RateFor(newStates[zone], readyByZone[zone].Count);
            }
            return new DisruptionDecision(false, true, rates);
        }
        foreach (var zone in _states.Keys.ToList())
        {
            if (_states[zone] != newStates[zone])
            {
                _states[zone] = newStates[zone];
                rates[zone] = RateFor(newStates[zone], readyByZone[zone].Count);
            }
        }
        return new DisruptionDecision(false, false, rates);
    }

    private ZoneState Compute(IReadOnlyList<bool> ready)
    {
        var readyNodes = ready.Count(r => r);
        var notReadyNodes = ready.Count - readyNodes;
        if (readyNodes == 0 && notReadyNodes > 0)
        {
            return ZoneState.FullDisruption;
        }
        if (notReadyNodes > 2 && (double)notReadyNodes / ready.Count >= options.UnhealthyZoneThreshold)
        {
            return ZoneState.PartialDisruption;
        }
        return ZoneState.Normal;
    }

    /// <summary>A fully disrupted zone among healthy ones is tainted at the normal rate: its nodes are really gone.</summary>
    private double RateFor(ZoneState state, int zoneSize) => state switch
    {
        ZoneState.PartialDisruption => zoneSize > options.LargeClusterSizeThreshold ? options.SecondaryNodeEvictionRate : 0,
        _ => options.NodeEvictionRate,
    };
}
