using System.Collections.Concurrent;
using ChaosLab.Scheduler.Binding;
using k8s.Models;

namespace ChaosLab.Scheduler.Tests.Support;

/// <summary>Records bindings instead of calling the API; can be told to fail.</summary>
internal sealed class FakeBinder : IPodBinder
{
    public ConcurrentDictionary<string, string> Bindings { get; } = new();

    public Func<V1Pod, string, Exception?> Failure { get; set; } = (_, _) => null;

    public Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        if (Failure(pod, nodeName) is { } error)
        {
            return Task.FromException(error);
        }
        Bindings[pod.Metadata.Name] = nodeName;
        return Task.CompletedTask;
    }

    public IReadOnlyDictionary<string, int> PodsPerNode() =>
        Bindings.Values.GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
}
