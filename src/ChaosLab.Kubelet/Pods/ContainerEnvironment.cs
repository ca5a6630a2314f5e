using System.Globalization;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// A container's environment as upstream builds it: service variables for the pod's namespace
/// (FOO_SERVICE_HOST/PORT), the container's env with fieldRef values, and the lab's own POD_* variables.
/// </summary>
public static class ContainerEnvironment
{
    public static Dictionary<string, string> Build(V1Pod pod, V1Container container, string podIp, string nodeName, IEnumerable<V1Service> services)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        var env = new Dictionary<string, string>();
        if (pod.Spec.EnableServiceLinks != false)
        {
            foreach (var svc in services.Where(s => s.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty && s.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None"))
            {
                AddServiceVariables(env, svc);
            }
        }
        AddServiceVariables(env, null);
        env["POD_NAME"] = pod.Metadata.Name;
        env["POD_NAMESPACE"] = pod.Metadata.NamespaceProperty;
        env["POD_IP"] = podIp;
        env["NODE_NAME"] = nodeName;
        env["HOSTNAME"] = pod.Metadata.Name;
        if (container.Ports?.FirstOrDefault() is { } port)
        {
            env["PORT"] = port.ContainerPort.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var e in container.Env ?? [])
        {
            env[e.Name] = e.Value ?? FieldRef(pod, e.ValueFrom?.FieldRef?.FieldPath, podIp, nodeName) ?? "";
        }
        return env;
    }

    private static void AddServiceVariables(Dictionary<string, string> env, V1Service? svc)
    {
        if (svc is null)
        {
            return;
        }
        var prefix = svc.Metadata.Name.ToUpperInvariant().Replace('-', '_');
        var ports = svc.Spec.Ports ?? [];
        if (ports.Count == 0)
        {
            return;
        }
        env[$"{prefix}_SERVICE_HOST"] = svc.Spec.ClusterIP;
        env[$"{prefix}_SERVICE_PORT"] = ports[0].Port.ToString(CultureInfo.InvariantCulture);
        foreach (var p in ports)
        {
            var proto = (p.Protocol ?? "TCP").ToLowerInvariant();
            var port = p.Port.ToString(CultureInfo.InvariantCulture);
            if (p.Name is { Length: > 0 } name)
            {
                env[$"{prefix}_SERVICE_PORT_{name.ToUpperInvariant().Replace('-', '_')}"] = port;
            }
            env[$"{prefix}_PORT_{port}_{proto.ToUpperInvariant()}"] = $"{proto}://{svc.Spec.ClusterIP}:{port}";
        }
        env[$"{prefix}_PORT"] = $"{(ports[0].Protocol ?? "TCP").ToLowerInvariant()}://{svc.Spec.ClusterIP}:{ports[0].Port}";
    }

    private static string? FieldRef(V1Pod pod, string? path, string podIp, string nodeName) => path switch
    {
        "metadata.name" => pod.Metadata.Name,
        "metadata.namespace" => pod.Metadata.NamespaceProperty,
        "metadata.uid" => pod.Metadata.Uid,
        "status.podIP" => podIp,
        "spec.nodeName" => nodeName,
        "spec.serviceAccountName" => pod.Spec.ServiceAccountName,
        _ => null,
    };
}
