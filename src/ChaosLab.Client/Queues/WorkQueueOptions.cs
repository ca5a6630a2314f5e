namespace ChaosLab.Client.Queues;

/// <summary>Settings of a <see cref="WorkQueue"/>; the defaults are client-go's per-item rate limiter.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>A name for logs, e.g. "replicaset".</summary>
    public string Name { get; init; } = "workqueue";

    /// <summary>Delay before the first retry of a failing key; doubles with each further failure.</summary>
    public TimeSpan BaseRetryDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of the per-key retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(1000);
}
