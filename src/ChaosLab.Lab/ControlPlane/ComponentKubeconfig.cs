using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// Kubeconfig files for the components in a node, pointing at an API server (the lb in HA for node
/// agents, the node's own API server for the controller manager and scheduler) with the component's
/// own client certificate from /etc/chaoslab/pki.
/// </summary>
public static class ComponentKubeconfig
{
    public static string PathInNode(string component) => $"/etc/chaoslab/kubeconfig-{component}";

    /// <summary>The kubeconfigs of the components <paramref name="node"/> runs; <paramref name="apiEndpoint"/> is the lb, or the single API server.</summary>
    public static void WriteForNode(string nodeDir, LabNode node, string apiEndpoint)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Role == NodeRole.ControlPlane)
        {
            // As kubeadm does since 1.20, the controller manager and the scheduler talk to their own
            // node's API server, not to the lb: a control-plane node cut off from the others then
            // costs only its own components their Leases, not a stand-by's connection pinned to it.
            var local = node.Address.ToString();
            Write(nodeDir, ComponentNames.ControllerManager, "controller-manager", local);
            Write(nodeDir, ComponentNames.Scheduler, "scheduler", local);
        }
        if (node.Role is NodeRole.Worker or NodeRole.ControlPlane)
        {
            Write(nodeDir, ComponentNames.Kubelet, "kubelet", apiEndpoint);
            Write(nodeDir, ComponentNames.KubeProxy, "kube-proxy", apiEndpoint);
        }
    }

    public static void Write(string nodeDir, string component, string certName, string apiEndpoint)
    {
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: lab
              cluster:
                server: https://{apiEndpoint}:{ApiServerComponent.Port}
                certificate-authority: /etc/chaoslab/pki/ca.crt
            users:
            - name: {component}
              user:
                client-certificate: /etc/chaoslab/pki/{certName}.crt
                client-key: /etc/chaoslab/pki/{certName}.key
            contexts:
            - name: {component}
              context:
                cluster: lab
                user: {component}
            current-context: {component}

            """;
        File.WriteAllText(Path.Combine(nodeDir, $"kubeconfig-{component}"), yaml);
    }
}
