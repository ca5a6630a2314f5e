using ChaosLab.ControllerManager.Deployments;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.Deployments;

internal static class DeploymentObjects
{
    public static V1Deployment Deployment(int replicas, string image = "echo:v1", string? maxSurge = "25%", string? maxUnavailable = "25%")
    {
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "d-uid", Generation = 1 },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable },
                },
                Template = Template(image),
            },
            Status = new V1DeploymentStatus(),
        };
    }

    public static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
    };

    /// <summary>A ReplicaSet of <paramref name="d"/> for its current template, fully available, as the controller would have left it.</summary>
    public static V1ReplicaSet OwnedReplicaSet(V1Deployment d, int replicas, int revision, DateTimeOffset created)
    {
        var hash = PodTemplateHash.Compute(d.Spec.Template, null);
        var labels = new Dictionary<string, string> { ["app"] = "web", [PodTemplateHash.LabelKey] = hash };
        var template = Template(d.Spec.Template.Spec.Containers[0].Image);
        template.Metadata.Labels = new Dictionary<string, string>(labels);
        return new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"web-{hash}",
                NamespaceProperty = "default",
                Uid = $"rs-{revision}",
                Generation = 1,
                CreationTimestamp = created.UtcDateTime,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    [DeploymentAnnotations.Revision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [DeploymentAnnotations.DesiredReplicas] = d.Spec.Replicas!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [DeploymentAnnotations.MaxReplicas] = (d.Spec.Replicas!.Value + RolloutMath.MaxSurge(d)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "d-uid", Controller = true }],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                Template = template,
            },
            Status = new V1ReplicaSetStatus { Replicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas, ObservedGeneration = 1 },
        };
    }
}
