using k8s.Models;

namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// Rejects cordoned nodes (spec.unschedulable) unless the pod tolerates
/// node.kubernetes.io/unschedulable:NoSchedule, as DaemonSet pods do.
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin
{
    public const string ReasonUnschedulable = "node(s) were unschedulable";

    private static readonly V1Taint UnschedulableTaint = new()
    {
        Key = "node.kubernetes.io/unschedulable",
        Effect = Tolerations.NoSchedule,
    };

    public string Name => nameof(NodeUnschedulable);

    public FilterStatus Filter(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        if (node.Node?.Spec?.Unschedulable != true || Tolerations.AnyTolerates(pod.Pod.Spec?.Tolerations, UnschedulableTaint))
        {
            return FilterStatus.Success;
        }
        return FilterStatus.Unschedulable(Name, ReasonUnschedulable);
    }
}
