using k8s.Models;

namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// What a pod asks of a node, computed as upstream's resource.PodRequests: the sum over app
/// containers, raised to the largest init container (init containers run one at a time, before
/// the app containers), with restartable (sidecar) init containers counted as running alongside,
/// plus the pod overhead.
/// </summary>
public static class PodRequests
{
    // schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what scoring assumes for a container
    // that requests nothing, so that "best effort" pods still spread instead of piling on one node.
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    /// <summary>The requests the fit filter checks against allocatable.</summary>
    public static ResourceAmounts Of(V1Pod pod) => Compute(pod, ContainerRequests);

    /// <summary>The requests scoring uses: zero CPU or memory replaced by the defaults above.</summary>
    public static ResourceAmounts NonZeroOf(V1Pod pod) => Compute(pod, container =>
    {
        var requests = ContainerRequests(container);
        return new ResourceAmounts(
            requests.MilliCpu == 0 ? DefaultMilliCpuRequest : requests.MilliCpu,
            requests.Memory == 0 ? DefaultMemoryRequest : requests.Memory);
    });

    private static ResourceAmounts Compute(V1Pod pod, Func<V1Container, ResourceAmounts> requestsOf)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod.Spec;
        if (spec is null)
        {
            return ResourceAmounts.Zero;
        }
        var running = ResourceAmounts.Zero;
        foreach (var container in spec.Containers ?? [])
        {
            running += requestsOf(container);
        }
        var sidecars = ResourceAmounts.Zero;
        var initPeak = ResourceAmounts.Zero;
        foreach (var container in spec.InitContainers ?? [])
        {
            var requests = requestsOf(container);
            if (container.RestartPolicy == "Always")
            {
                // A sidecar keeps running next to the app containers and every later init container.
                running += requests;
                sidecars += requests;
                initPeak = ResourceAmounts.Max(initPeak, sidecars);
            }
            else
            {
                initPeak = ResourceAmounts.Max(initPeak, requests + sidecars);
            }
        }
        return ResourceAmounts.Max(running, initPeak) + Quantities.Of(spec.Overhead);
    }

    // The API server defaults a missing request to the limit; read the limit too in case ours did not.
    private static ResourceAmounts ContainerRequests(V1Container container)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var cpu = Quantities.MilliCpu(requests);
        var memory = Quantities.Value(requests, Quantities.Memory);
        return new ResourceAmounts(
            cpu != 0 || requests?.ContainsKey(Quantities.Cpu) == true ? cpu : Quantities.MilliCpu(limits),
            memory != 0 || requests?.ContainsKey(Quantities.Memory) == true ? memory : Quantities.Value(limits, Quantities.Memory));
    }
}
