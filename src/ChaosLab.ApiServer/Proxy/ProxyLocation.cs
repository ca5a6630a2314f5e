namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// Where a proxy request goes: the backend's scheme, host and port; whether it is the node's kubelet (spoken to with
/// the API server's kubelet client certificate) rather than a plain backend; and, for a pod address, the node whose
/// pod network holds it.
/// </summary>
public sealed record ProxyLocation(string Scheme, string Host, int Port, bool Kubelet = false, string? PodNode = null)
{
    /// <summary>host:port as a URL authority, an IPv6 address in brackets.</summary>
    public string Authority => (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Uri Uri(string path, string query) => new UriBuilder(Scheme, Host, Port, path) { Query = query.TrimStart('?') }.Uri;
}
