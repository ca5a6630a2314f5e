using k8s.Models;

namespace ChaosLab.Scheduler.Binding;

/// <summary>Binds a pod to a node (upstream's DefaultBinder); a seam so the loop can be tested without an API server.</summary>
public interface IPodBinder
{
    Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken);
}
