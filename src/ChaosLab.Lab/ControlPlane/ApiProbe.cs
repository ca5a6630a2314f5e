using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>Asks the lab's Kubernetes API endpoint (the lb, or the single API server) whether it is ready, as the admin.</summary>
public sealed class ApiProbe : IDisposable
{
    private readonly HttpClient _http;

    public ApiProbe(LabPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(paths.Pki, "ca.crt"));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(Path.Combine(paths.Pki, "admin.crt"), Path.Combine(paths.Pki, "admin.key"))];
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { ca },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
    }

    public async Task<(bool Ready, string Detail)> ReadyAsync(LabNode endpoint, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            using var response = await _http.GetAsync(new Uri($"https://{endpoint.Address}:{ApiServerComponent.Port}/readyz?verbose"), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return (response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body.Trim().Replace('\n', ' ')}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (false, ex.Message);
        }
    }

    /// <summary>Whether every named node is registered and Ready, with a line saying which are not.</summary>
    public async Task<(bool Ready, string Detail)> NodesReadyAsync(LabNode endpoint, IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(names);
        try
        {
            using var response = await _http.GetAsync(new Uri($"https://{endpoint.Address}:{ApiServerComponent.Port}/api/v1/nodes"), ct);
            var list = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            var ready = (list?["items"]?.AsArray() ?? [])
                .Where(n => n?["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true)
                .Select(n => (string?)n?["metadata"]?["name"])
                .ToHashSet();
            var missing = names.Where(n => !ready.Contains(n)).ToList();
            return (missing.Count == 0, missing.Count == 0 ? "all Ready" : "not Ready yet: " + string.Join(", ", missing));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
        {
            return (false, ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
