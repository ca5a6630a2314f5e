using k8s;
using k8s.Models;

namespace ChaosLab.Scheduler.Binding;

/// <summary>POST /api/v1/namespaces/{ns}/pods/{name}/binding, as upstream's defaultbinder.</summary>
public sealed class ApiPodBinder(IKubernetes client) : IPodBinder
{
    public async Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var binding = new V1Binding
        {
            ApiVersion = "v1",
            Kind = "Binding",
            // The uid makes the API server refuse to bind a newer pod that reuses the name.
            Metadata = new V1ObjectMeta
            {
                Name = pod.Metadata.Name,
                NamespaceProperty = pod.Metadata.NamespaceProperty,
                Uid = pod.Metadata.Uid,
            },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
        };
        await client.CoreV1.CreateNamespacedPodBindingAsync(
            binding, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
