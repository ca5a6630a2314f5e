using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// Creates the lab's own objects (add-ons) through the Kubernetes API as the admin, with plain JSON: an object that
/// exists already is left as it is, so bringing a lab's add-ons up again is harmless.
/// </summary>
public sealed class ApiObjectWriter : IDisposable
{
    private readonly HttpClient _http;

    public ApiObjectWriter(LabPaths paths)
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
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>POSTs <paramref name="body"/> to the collection at <paramref name="path"/>; true when created, false when it existed.</summary>
    /// <exception cref="LabException">The API refused it for another reason.</exception>
    public async Task<bool> CreateAsync(LabNode endpoint, string path, JsonObject body, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var response = await _http.PostAsJsonAsync(new Uri($"https://{endpoint.Address}:{ApiServerComponent.Port}{path}"), body, ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new LabException($"creating {body["kind"]} {body["metadata"]?["namespace"]}/{body["metadata"]?["name"]} failed: {(int)response.StatusCode} {text.Trim()}");
        }
        return true;
    }

    /// <summary>Whether the Deployment has at least <paramref name="minimum"/> ready replicas, with what it reports.</summary>
    public async Task<(bool Ready, string Detail)> DeploymentReadyAsync(LabNode endpoint, string ns, string name, int minimum, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            using var response = await _http.GetAsync(new Uri($"https://{endpoint.Address}:{ApiServerComponent.Port}/apis/apps/v1/namespaces/{ns}/deployments/{name}"), ct);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?["status"];
            var ready = (int?)status?["readyReplicas"] ?? 0;
            return (ready >= minimum, $"{ready} of {(int?)status?["replicas"] ?? 0} replicas ready");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return (false, ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
