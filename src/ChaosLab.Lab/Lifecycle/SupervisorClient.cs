using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>Talks to the supervisor in a node (component status, control, logs) on the lab network.</summary>
public sealed class SupervisorClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client of one lab's supervisors, with the lab's tooling certificate (mutual TLS, <see cref="SupervisorTls"/>).</summary>
    public SupervisorClient(LabPaths paths, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(paths.Pki, SupervisorTls.CaFile));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(
            Path.Combine(paths.Pki, SupervisorTls.ClientName + ".crt"), Path.Combine(paths.Pki, SupervisorTls.ClientName + ".key"))];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is X509Certificate2 served && SupervisorTls.IsServerOf(served, ca);
        _http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(2) };
    }

    public async Task<IReadOnlyList<ComponentStatus>> ComponentsAsync(LabNode node, CancellationToken ct = default) =>
        await _http.GetFromJsonAsync<List<ComponentStatus>>(Url(node, "/components"), NodeConfig.JsonOptions, ct) ?? [];

    public async Task<ComponentStatus> ActAsync(LabNode node, string component, string action, CancellationToken ct = default)
    {
        using var response = await _http.PostAsync(Url(node, $"/components/{component}/{action}"), null, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new LabException($"{node.Name}: {action} {component} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
        return (await response.Content.ReadFromJsonAsync<ComponentStatus>(NodeConfig.JsonOptions, ct))!;
    }

    public async Task<string> LogAsync(LabNode node, string component, int tail, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(Url(node, $"/components/{component}/log?tail={tail}"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? body : throw new LabException($"{node.Name}: {body}");
    }

    public void Dispose() => _http.Dispose();

    private static Uri Url(LabNode node, string path) => new($"https://{node.Address}:{NodeConfig.DefaultSupervisorPort}{path}");
}
