using ChaosLab.ControllerManager.NodeLifecycle;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.NodeLifecycle;

internal static class NodeObjects
{
    public static V1Node Node(string name, string ready = "True", DateTimeOffset? heartbeat = null, params string[] taints)
    {
        var beat = (heartbeat ?? TestObjects.Now).UtcDateTime;
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Uid = name + "-uid", CreationTimestamp = TestObjects.Now.AddHours(-1).UtcDateTime },
            Spec = new V1NodeSpec
            {
                Taints = taints.Length == 0 ? null : [.. taints.Select(t => new V1Taint { Key = t, Effect = "NoExecute", TimeAdded = TestObjects.Now.UtcDateTime })],
            },
            Status = new V1NodeStatus
            {
                Conditions =
                [
                    new V1NodeCondition { Type = "Ready", Status = ready, LastHeartbeatTime = beat, LastTransitionTime = TestObjects.Now.AddHours(-1).UtcDateTime },
                    new V1NodeCondition { Type = "MemoryPressure", Status = "False", LastHeartbeatTime = beat, LastTransitionTime = TestObjects.Now.AddHours(-1).UtcDateTime },
                ],
            },
        };
    }

    public static V1Lease Lease(string node, DateTimeOffset renewed) => new()
    {
        Metadata = new V1ObjectMeta { Name = node, NamespaceProperty = "kube-node-lease" },
        Spec = new V1LeaseSpec { HolderIdentity = node, RenewTime = renewed.UtcDateTime, LeaseDurationSeconds = 40 },
    };

    public static ControllerManagerOptions Options(double rate = 0.1) => new()
    {
        NodeMonitorGracePeriod = TimeSpan.FromSeconds(50),
        NodeStartupGracePeriod = TimeSpan.FromSeconds(60),
        NodeEvictionRate = rate,
    };

    public static string ReadyStatus(V1Node node) => NodeConditions.Get(node, "Ready")!.Status;
}
