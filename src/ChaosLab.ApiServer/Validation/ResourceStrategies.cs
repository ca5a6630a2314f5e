using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Finds the strategy of a served kind.</summary>
public static class ResourceStrategies
{
    public static IResourceStrategy For(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Custom is not null)
        {
            return new CustomResourceStrategy(type);
        }
        if (type is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
        {
            return new CustomResourceDefinitionStrategy(type);
        }
        return (type.Group, type.Kind) switch
        {
            ("", "Pod") => new PodStrategy(type),
            ("", "Service") => new ServiceStrategy(type),
            ("", "Namespace") => new NamespaceStrategy(type),
            ("", "Node") => new NodeStrategy(type),
            ("", "ConfigMap") => new ConfigMapStrategy(type),
            ("", "Secret") => new SecretStrategy(type),
            ("apps", "Deployment") => new DeploymentStrategy(type),
            ("apps", "ReplicaSet") => new ReplicaSetStrategy(type),
            ("batch", "Job") => new JobStrategy(type),
            ("batch", "CronJob") => new CronJobStrategy(type),
            ("apps", "DaemonSet") => new DaemonSetStrategy(type),
            ("apps", "StatefulSet") => new StatefulSetStrategy(type),
            ("apps", "ControllerRevision") => new ControllerRevisionStrategy(type),
            ("", "ReplicationController") => new ReplicationControllerStrategy(type),
            ("", "ResourceQuota") => new ResourceQuotaStrategy(type),
            ("", "PersistentVolume") => new PersistentVolumeStrategy(type),
            ("", "PersistentVolumeClaim") => new PersistentVolumeClaimStrategy(type),
            ("policy", "PodDisruptionBudget") => new PodDisruptionBudgetStrategy(type),
            ("coordination.k8s.io", "Lease") => new LeaseStrategy(type),
            ("discovery.k8s.io", "EndpointSlice") => new EndpointSliceStrategy(type),
            ("", "PodTemplate") => new PodTemplateStrategy(type),
            ("networking.k8s.io", "Ingress") => new IngressStrategy(type),
            ("networking.k8s.io", "IngressClass") => new IngressClassStrategy(type),
            ("networking.k8s.io", "NetworkPolicy") => new NetworkPolicyStrategy(type),
            ("autoscaling", "HorizontalPodAutoscaler") => new HorizontalPodAutoscalerStrategy(type),
            ("storage.k8s.io", "StorageClass") => new StorageClassStrategy(type),
            ("scheduling.k8s.io", "PriorityClass") => new PriorityClassStrategy(type),
            ("rbac.authorization.k8s.io", "Role" or "ClusterRole") => new RoleStrategy(type),
            ("rbac.authorization.k8s.io", "RoleBinding" or "ClusterRoleBinding") => new RoleBindingStrategy(type),
            _ => new GenericStrategy(type),
        };
    }
}
