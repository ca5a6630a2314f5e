namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// Nodes waiting to get their NoExecute taint, one queue and one rate limiter per zone (upstream's
/// zoneNoExecuteTainter): tainting starts evictions, so a zone losing many nodes at once is tainted
/// gradually, or not at all while disrupted. Not thread-safe: the monitor loop owns it.
/// </summary>
internal sealed class NoExecuteTaintQueue(double defaultRate)
{
    private readonly Dictionary<string, ZoneQueue> _zones = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="node"/>; false if it was already waiting.</summary>
    public bool Add(string zone, string node, DateTimeOffset now)
    {
        var queue = Zone(zone, now);
        if (queue.Members.Contains(node))
        {
            return false;
        }
        queue.Members.Add(node);
        queue.Order.Enqueue(node);
        return true;
    }

    public bool Remove(string zone, string node) =>
        _zones.TryGetValue(zone, out var queue) && queue.Members.Remove(node);

    public bool Contains(string zone, string node) =>
        _zones.TryGetValue(zone, out var queue) && queue.Members.Contains(node);

    /// <summary>
    /// Changes a zone's rate. Like upstream's SwapLimiter, an exhausted limiter passes its debt on, so
    /// switching rates does not hand out a free token.
    /// </summary>
    public void SetRate(string zone, double rate, DateTimeOffset now)
    {
        var queue = Zone(zone, now);
        if (queue.Limiter.Rate == rate)
        {
            return;
        }
        // Probing takes the old limiter's token if it had one; the new limiter starts with it or without.
        var hadToken = queue.Limiter.TryAccept(now);
        queue.Limiter = new TokenBucket(rate, now, startFull: hadToken);
    }

    /// <summary>Takes the nodes whose turn has come: as many, in queue order, as the zones' limiters allow.</summary>
    public IReadOnlyList<string> TakeDue(DateTimeOffset now)
    {
        var due = new List<string>();
        foreach (var queue in _zones.Values)
        {
            while (queue.Order.TryPeek(out var node))
            {
                if (!queue.Members.Contains(node))
                {
                    // Removed meanwhile; drop the stale entry.
                    queue.Order.Dequeue();
                    continue;
                }
                if (!queue.Limiter.TryAccept(now))
                {
                    break;
                }
                queue.Order.Dequeue();
                queue.Members.Remove(node);
                due.Add(node);
            }
        }
        return due;
    }

    private ZoneQueue Zone(string zone, DateTimeOffset now)
    {
        if (!_zones.TryGetValue(zone, out var queue))
        {
            queue = new ZoneQueue(new TokenBucket(defaultRate, now));
            _zones[zone] = queue;
        }
        return queue;
    }

    private sealed class ZoneQueue(TokenBucket limiter)
    {
        public TokenBucket Limiter { get; set; } = limiter;

        public Queue<string> Order { get; } = new();

        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
    }
}
