namespace ChaosLab.KubeProxy.Health;

/// <summary>
/// What /healthz reports, like upstream's ProxierHealthServer: healthy while the last successful sync
/// is younger than the health timeout (2 × the sync period upstream) and the node is not being deleted.
/// Thread-safe: the sync loop writes, HTTP requests read.
/// </summary>
public sealed class ProxyHealth(TimeSpan healthTimeout, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastUpdated;
    private bool _nodeEligible = true;

    public TimeSpan HealthTimeout => healthTimeout;

    public void Updated()
    {
        lock (_gate)
        {
            _lastUpdated = _time.GetUtcNow();
        }
    }

    /// <summary>False while this node's Node object is being deleted (upstream stops advertising the node to load balancers).</summary>
    public void SetNodeEligible(bool eligible)
    {
        lock (_gate)
        {
            _nodeEligible = eligible;
        }
    }

    public HealthReport Report()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var age = now - _lastUpdated;
            var healthy = _nodeEligible && age is { } a && a < healthTimeout;
            return new HealthReport(healthy, _lastUpdated, now, age?.TotalSeconds, _nodeEligible);
        }
    }
}

