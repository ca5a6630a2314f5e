namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// Filter: the node's allocatable must cover the requests of its pods plus this one, for the pod
/// count, cpu and memory, each shortage reported on its own like upstream ("Too many pods",
/// "Insufficient cpu"). Score: <see cref="LeastAllocated"/> on the non-zero requests.
/// </summary>
public sealed class NodeResourcesFit : IFilterPlugin, IScorePlugin
{
    public const string ReasonTooManyPods = "Too many pods";

    public string Name => nameof(NodeResourcesFit);

    public int Weight => 1;

    public static string ReasonInsufficient(string resource) => $"Insufficient {resource}";

    public FilterStatus Filter(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        List<string>? reasons = null;
        if (node.Pods.Count + 1 > node.AllowedPodCount)
        {
            (reasons ??= []).Add(ReasonTooManyPods);
        }
        var wanted = pod.Requests;
        if (wanted.MilliCpu > 0 && wanted.MilliCpu > node.Allocatable.MilliCpu - node.Requested.MilliCpu)
        {
            (reasons ??= []).Add(ReasonInsufficient(Quantities.Cpu));
        }
        if (wanted.Memory > 0 && wanted.Memory > node.Allocatable.Memory - node.Requested.Memory)
        {
            (reasons ??= []).Add(ReasonInsufficient(Quantities.Memory));
        }
        return reasons is null ? FilterStatus.Success : FilterStatus.Unschedulable(Name, reasons);
    }

    public long Score(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return LeastAllocated.Score(node.NonZeroRequested + pod.NonZeroRequests, node.Allocatable);
    }
}
