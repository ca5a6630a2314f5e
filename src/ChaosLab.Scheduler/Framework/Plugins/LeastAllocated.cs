namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// Upstream's LeastAllocated scoring strategy: for cpu and memory (weight 1 each), the share of
/// allocatable left free after placing the pod, 0..100, averaged. Emptier nodes score higher, so
/// load spreads across nodes.
/// </summary>
public static class LeastAllocated
{
    public static long Score(ResourceAmounts requestedWithPod, ResourceAmounts allocatable) =>
        (FreeShare(requestedWithPod.MilliCpu, allocatable.MilliCpu) + FreeShare(requestedWithPod.Memory, allocatable.Memory)) / 2;

    private static long FreeShare(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * IScorePlugin.MaxNodeScore / capacity;
}
