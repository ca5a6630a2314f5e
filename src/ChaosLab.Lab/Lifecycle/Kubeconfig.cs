using System.Text;
using ChaosLab.Lab.LoadBalancer;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>The admin kubeconfig of a lab: the lab CA, the admin client certificate, and the API endpoint
/// (the lb in HA topologies, else the control-plane node).</summary>
public static class Kubeconfig
{
    public static void Write(LabPaths paths, LabState state)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(state);
        var endpoint = state.ApiEndpointNode();
        var cluster = $"chaoslab-{state.Name}";
        var user = $"{cluster}-admin";
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {cluster}
              cluster:
                server: https://{endpoint.Address}:{Haproxy.ApiPort}
                certificate-authority-data: {Base64(Path.Combine(paths.Pki, "ca.crt"))}
            users:
            - name: {user}
              user:
                client-certificate-data: {Base64(Path.Combine(paths.Pki, "admin.crt"))}
                client-key-data: {Base64(Path.Combine(paths.Pki, "admin.key"))}
            contexts:
            - name: {cluster}
              context:
                cluster: {cluster}
                user: {user}
            current-context: {cluster}

            """;
        File.WriteAllText(paths.Kubeconfig, yaml);
        File.SetUnixFileMode(paths.Kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string Base64(string path) => Convert.ToBase64String(Encoding.UTF8.GetBytes(File.ReadAllText(path)));
}
