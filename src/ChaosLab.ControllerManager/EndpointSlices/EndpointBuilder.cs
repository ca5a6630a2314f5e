using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Endpoints;
using k8s.Models;

namespace ChaosLab.ControllerManager.EndpointSlices;

/// <summary>One pod's endpoint for a service (upstream's podToEndpoint) and the ports it serves.</summary>
internal static class EndpointBuilder
{
    /// <summary>
    /// serving = the pod is Ready; terminating = it is being deleted; ready = serving and not
    /// terminating (or publishNotReadyAddresses). Terminating pods stay in slices so proxies can drain them.
    /// </summary>
    public static V1Endpoint? For(V1Pod pod, V1Service service, string address, Func<string, string?>? zoneOfNode)
    {
        var serving = PodState.IsReady(pod);
        var terminating = PodState.IsTerminating(pod);
        var nodeName = pod.Spec?.NodeName is { Length: > 0 } n ? n : null;
        return new V1Endpoint
        {
            Addresses = [address],
            Conditions = new V1EndpointConditions
            {
                Ready = service.Spec?.PublishNotReadyAddresses == true || (serving && !terminating),
                Serving = serving,
                Terminating = terminating,
            },
            NodeName = nodeName,
            Zone = nodeName is null ? null : zoneOfNode?.Invoke(nodeName),
            Hostname = ServicePorts.Hostname(pod, service),
            TargetRef = ServicePorts.PodReference(pod),
        };
    }

    /// <summary>The service ports this pod can serve, resolved to its container ports; unresolvable names are left out.</summary>
    public static List<Discoveryv1EndpointPort> Ports(V1Pod pod, V1Service service)
    {
        var result = new List<Discoveryv1EndpointPort>();
        foreach (var servicePort in service.Spec?.Ports ?? [])
        {
            if (ServicePorts.TargetPort(pod, servicePort) is { } number)
            {
                result.Add(new Discoveryv1EndpointPort { Name = servicePort.Name ?? "", Port = number, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol });
            }
        }
        return result;
    }

    /// <summary>Pods in slices: an IP, not finished; terminating ones included.</summary>
    public static bool Includes(V1Pod pod) => EndpointsBuilder.ShouldBeInEndpoints(pod, includeTerminating: true);
}
