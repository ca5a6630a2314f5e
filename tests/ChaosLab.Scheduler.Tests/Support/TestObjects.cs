using ChaosLab.Scheduler.Framework;
using k8s.Models;

namespace ChaosLab.Scheduler.Tests.Support;

/// <summary>Nodes and pods for tests, with only the fields the scheduler reads.</summary>
internal static class TestObjects
{
    public static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" };

    public static V1Node Node(
        string name,
        string cpu = "4",
        string memory = "8Gi",
        int pods = 110,
        IEnumerable<V1Taint>? taints = null,
        IDictionary<string, string>? labels = null,
        bool unschedulable = false) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec { Taints = taints?.ToList(), Unschedulable = unschedulable },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new(memory),
                    ["pods"] = new(pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
            },
        };

    public static V1Pod Pod(
        string name,
        string? cpu = null,
        string? memory = null,
        string? ownerUid = null,
        string? nodeName = null,
        IEnumerable<V1Toleration>? tolerations = null,
        IDictionary<string, string>? nodeSelector = null,
        V1Affinity? affinity = null,
        DateTime? created = null,
        int? priority = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }
        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = $"uid-{name}",
                CreationTimestamp = created,
                OwnerReferences = ownerUid is null
                    ? null
                    : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = ownerUid, Controller = true }],
            },
            Spec = new V1PodSpec
            {
                NodeName = nodeName,
                Priority = priority,
                Tolerations = tolerations?.ToList(),
                NodeSelector = nodeSelector,
                Affinity = affinity,
                Containers = [new V1Container { Name = "app", Image = "echo", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
            Status = new V1PodStatus { Phase = "Pending" },
        };
    }

    public static PodInfo Info(V1Pod pod) => new(pod);

    public static NodeInfo NodeInfo(V1Node node, params V1Pod[] pods) => new(node, pods.Select(p => new PodInfo(p)));
}
