namespace ChaosLab.Client.Informers;

/// <summary>
/// Timings of an informer's list/watch loop. <see cref="Default"/> matches client-go's reflector;
/// <see cref="Fast"/> recovers within seconds, for a lab that breaks the API server on purpose.
/// </summary>
public sealed record InformerOptions
{
    public static InformerOptions Default { get; } = new();

    public static InformerOptions Fast { get; } = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(5),
        BackoffResetAfter = TimeSpan.FromMinutes(1),
    };

    /// <summary>Page size of each LIST request (client-go's pager default).</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>
    /// Server-side watch timeout is drawn from [MinWatchTimeout, 2×MinWatchTimeout] so that many
    /// informers do not all re-watch at once (client-go: 5–10 min).
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Extra time past the longest server-side timeout after which the informer abandons a watch
    /// itself: a half-open connection (a partitioned server) would otherwise hang it for ever.
    /// </summary>
    public TimeSpan WatchTimeoutGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before re-listing after a failure; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long without a failure, the back-off starts again from the initial delay.</summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A watch that ends cleanly sooner than this with no event counts as a failure (client-go's "very short watch").</summary>
    public TimeSpan VeryShortWatch { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A random server-side watch timeout in [MinWatchTimeout, 2×MinWatchTimeout], in whole seconds.</summary>
    public int NextWatchTimeoutSeconds() =>
        (int)Math.Max(1, MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));

    internal TimeSpan ClientWatchLimit => MinWatchTimeout * 2 + WatchTimeoutGrace;
}
