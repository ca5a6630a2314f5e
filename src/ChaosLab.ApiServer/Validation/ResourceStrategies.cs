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
            ("coordination.k8s.io", "Lease") => new LeaseStrategy(type),
            ("discovery.k8s.io", "EndpointSlice") => new EndpointSliceStrategy(type),
            _ => new GenericStrategy(type),
        };
    }
}
