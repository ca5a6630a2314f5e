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

    /// <summary>
    /// Whether every named node is registered and can take pods (<see cref="NodeFitness"/>: Ready, not
    /// cordoned, no not-ready taint left), with a line saying which cannot and why.
    /// </summary>
    public async Task<(bool Ready, string Detail)> NodesReadyAsync(LabNode endpoint, IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(names);
        try
        {
            using var response = await _http.GetAsync(new Uri($"https://{endpoint.Address}:{ApiServerComponent.Port}/api/v1/nodes"), ct);
            var list = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            var problems = (list?["items"]?.AsArray() ?? [])
                .Where(n => n is not null)
                .ToDictionary(n => (string?)n!["metadata"]?["name"] ?? "", n => NodeFitness.Problem(
                    (string?)n!["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Ready")?["status"],
                    (bool?)n["spec"]?["unschedulable"] == true,
                    (n["spec"]?["taints"]?.AsArray() ?? []).Select(t => ((string?)t?["key"], (string?)t?["effect"]))));
            var unfit = names.Select(n => problems.TryGetValue(n, out var problem) ? (problem is null ? null : $"{n} ({problem})") : $"{n} (not registered)")
                .OfType<string>()
                .ToList();
            return (unfit.Count == 0, unfit.Count == 0 ? "all Ready and schedulable" : "not Ready and schedulable yet: " + string.Join(", ", unfit));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return (false, ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
