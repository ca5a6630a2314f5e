using k8s.Models;

namespace ChaosLab.ControllerManager.Tests;

/// <summary>Plain API objects for decision tests: only the fields the controllers read.</summary>
internal static class TestObjects
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static V1ReplicaSet ReplicaSet(string name, int replicas, Dictionary<string, string>? labels = null, string uid = "rs-uid")
    {
        labels ??= new Dictionary<string, string> { ["app"] = "web" };
        return new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = uid, Generation = 1, Labels = labels },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "echo" }] },
                },
            },
        };
    }

    public static V1Pod Pod(
        string name, string? ownerUid = "rs-uid", bool ready = true, string phase = "Running", string? node = "node-1",
        Dictionary<string, string>? labels = null, DateTimeOffset? created = null, string? ip = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = name + "-uid",
                Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" },
                CreationTimestamp = (created ?? Now.AddMinutes(-10)).UtcDateTime,
                OwnerReferences = ownerUid is null ? null :
                    [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = ownerUid, Controller = true }],
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "echo" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                PodIP = ip,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.AddMinutes(-5).UtcDateTime }],
            },
        };
        return pod;
    }

    public static V1Pod Terminating(this V1Pod pod)
    {
        pod.Metadata.DeletionTimestamp = Now.AddSeconds(-1).UtcDateTime;
        return pod;
    }
}
