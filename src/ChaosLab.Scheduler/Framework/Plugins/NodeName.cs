namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>A pod that already names a node (spec.nodeName) fits only that node.</summary>
public sealed class NodeName : IFilterPlugin
{
    public const string ReasonNodeNameMismatch = "node(s) didn't match the requested node name";

    public string Name => nameof(NodeName);

    public FilterStatus Filter(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var wanted = pod.Pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == node.Name
            ? FilterStatus.Success
            : FilterStatus.Unschedulable(Name, ReasonNodeNameMismatch);
    }
}
