namespace ChaosLab.Scheduler.Queue;

/// <summary>The orders of the two sorted queues; both end on the unique insertion sequence.</summary>
internal static class QueueOrder
{
    /// <summary>PrioritySort: higher spec.priority first, then older pods first (FIFO by creation).</summary>
    public static IComparer<QueuedPod> Active { get; } = Comparer<QueuedPod>.Create((a, b) =>
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }
        var byCreation = a.CreationTimestamp.CompareTo(b.CreationTimestamp);
        return byCreation != 0 ? byCreation : a.Sequence.CompareTo(b.Sequence);
    });

    /// <summary>Earliest back-off expiry first.</summary>
    public static IComparer<QueuedPod> Backoff { get; } = Comparer<QueuedPod>.Create((a, b) =>
    {
        var byExpiry = a.BackoffExpiry.CompareTo(b.BackoffExpiry);
        return byExpiry != 0 ? byExpiry : a.Sequence.CompareTo(b.Sequence);
    });
}
