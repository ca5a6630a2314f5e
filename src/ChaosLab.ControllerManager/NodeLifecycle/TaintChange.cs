namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>A change to a node's lifecycle taints: add one NoExecute taint (if any) and remove others.</summary>
internal sealed record TaintChange(string Node, string? Add, IReadOnlyList<string> Remove)
{
    public static TaintChange RemoveAll(string node) => new(node, null, [NodeTaints.NotReadyKey, NodeTaints.UnreachableKey]);
}
