using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// Raw HTTPS to the API server as the lab's admin kubeconfig says (server, CA, client certificate). Raw, not
/// KubernetesClient: the bodies are meant to be malformed, and the content type is whatever the case says.
/// </summary>
public sealed class FuzzApi : IDisposable
{
    private readonly HttpClient _http;

    private FuzzApi(HttpClient http) => _http = http;

    public static FuzzApi FromKubeconfig(string kubeconfig)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(config.SslCaCerts);
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPem(
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData)),
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData)))];
        // Long enough for a 4 MiB body on a busy machine; a server that hangs still fails the case.
        var http = new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = TimeSpan.FromSeconds(30) };
        return new FuzzApi(http);
    }

    public async Task<FuzzResponse> SendAsync(FuzzRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            // Unvalidated: a generated content type need not be well formed.
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
        }
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        var code = (int)response.StatusCode;
        if (request.IsWatch && code == 200)
        {
            return new FuzzResponse(code, "");
        }
        return new FuzzResponse(code, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>A plain request built by the test itself (set-up, clean-up), with a JSON body.</summary>
    public Task<FuzzResponse> SendAsync(string method, string path, string? json = null, string contentType = "application/json") =>
        SendAsync(new FuzzRequest(method, path, json is null ? null : contentType, json, false, "set-up"));

    public void Dispose() => _http.Dispose();
}
