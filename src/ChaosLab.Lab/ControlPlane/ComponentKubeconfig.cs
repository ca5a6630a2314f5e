namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// Kubeconfig files for the components in a node, pointing at the lab's API endpoint (the lb in HA) with
/// the component's own client certificate from /etc/chaoslab/pki.
/// </summary>
public static class ComponentKubeconfig
{
    public static string PathInNode(string component) => $"/etc/chaoslab/kubeconfig-{component}";

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
