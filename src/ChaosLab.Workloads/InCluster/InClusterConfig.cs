namespace ChaosLab.Workloads.InCluster;

/// <summary>
/// Where a pod finds the API server and its credentials, as the official clients' in-cluster config reads them:
/// KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, and the token, ca.crt and namespace files the kubelet projects
/// at /var/run/secrets/kubernetes.io/serviceaccount. The token file is read at each use: the kubelet rewrites it
/// before it expires.
/// </summary>
public sealed record InClusterConfig(string Host, string Port, string CredentialsDirectory)
{
    public const string DefaultCredentialsDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public string TokenFile => Path.Combine(CredentialsDirectory, "token");

    public string CaFile => Path.Combine(CredentialsDirectory, "ca.crt");

    public string NamespaceFile => Path.Combine(CredentialsDirectory, "namespace");

    /// <summary>https://HOST:PORT, an IPv6 host in brackets.</summary>
    public Uri BaseAddress => new($"https://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    /// <exception cref="InvalidOperationException">Not in a pod: the variables are not set (the official clients' ErrNotInCluster), or no token is mounted.</exception>
    public static InClusterConfig FromEnvironment(string credentialsDirectory = DefaultCredentialsDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
        }
        var config = new InClusterConfig(host, port, credentialsDirectory);
        // As the official clients: a pod that opted out of the token (automountServiceAccountToken false) is not in-cluster.
        if (!File.Exists(config.TokenFile))
        {
            throw new InvalidOperationException($"unable to load in-cluster configuration, no service account token at {config.TokenFile}");
        }
        return config;
    }
}
