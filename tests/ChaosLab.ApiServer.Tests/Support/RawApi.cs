using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChaosLab.Lab;

namespace ChaosLab.ApiServer.Tests.Support;

/// <summary>Plain HTTPS to the lab's API endpoint with a chosen identity (admin, a kubelet, a token, or nobody).</summary>
public sealed class RawApi : IDisposable
{
    private readonly HttpClient _http;

    private RawApi(HttpClient http, string baseUrl)
    {
        _http = http;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static RawApi As(LabPaths paths, string endpoint, string? certName = null, string? certDir = null, string? bearer = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var handler = new SocketsHttpHandler();
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(paths.Pki, "ca.crt"));
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { ca },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (certName is not null)
        {
            var dir = certDir ?? paths.Pki;
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(Path.Combine(dir, certName + ".crt"), Path.Combine(dir, certName + ".key"))];
        }
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return new RawApi(http, $"https://{endpoint}:6443");
    }

    public async Task<(int Code, string Body)> SendAsync(string method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), BaseUrl + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request with a binary body, such as a protobuf object.</summary>
    public async Task<(int Code, string Body)> SendAsync(string method, string path, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), BaseUrl + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A GET answered as soon as the response headers arrive, for watches, whose bodies do not end; the stream is then closed.</summary>
    public async Task<int> StatusOfStreamAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + path);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (int)response.StatusCode;
    }

    public void Dispose() => _http.Dispose();
}
