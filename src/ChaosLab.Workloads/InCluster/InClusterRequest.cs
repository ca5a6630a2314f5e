using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.Workloads.InCluster;

/// <summary>
/// `chaoslab-echo kube-get PATH` and `chaoslab-echo kube-post PATH JSON`: one request to the API server from inside a
/// pod with the pod's own credentials (in-cluster config), printing the status code on the first line and the body
/// after it, so a test can see, through `kubectl exec`, who the API server takes the pod for and what RBAC lets it
/// do. The server's certificate must chain to ca.crt and name the host. Plain HttpClient, NativeAOT-safe.
/// </summary>
public static class InClusterRequest
{
    public const string Usage = "usage: chaoslab-echo kube-get /api/PATH | chaoslab-echo kube-post /api/PATH JSON";

    /// <summary>What one command line asks for: the method, the path, and for a POST its JSON body.</summary>
    public sealed record Call(HttpMethod Method, string Path, string? Body);

    /// <summary>`kube-get PATH` or `kube-post PATH JSON` (the verb included); null when the line is not one of them.</summary>
    public static Call? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args switch
        {
            ["kube-get", var path] when path.StartsWith('/') => new Call(HttpMethod.Get, path, null),
            ["kube-post", var path, var body] when path.StartsWith('/') => new Call(HttpMethod.Post, path, body),
            _ => null,
        };
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } call)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        try
        {
            var config = InClusterConfig.FromEnvironment();
            var (status, body) = await SendAsync(config, call, CancellationToken.None);
            await Console.Out.WriteLineAsync($"HTTP {status}");
            await Console.Out.WriteLineAsync(body);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or UnauthorizedAccessException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-echo {args[0]}: {ex.Message}");
            return 1;
        }
    }

    public static async Task<(int Status, string Body)> SendAsync(InClusterConfig config, Call call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(call);
        using var ca = X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(await File.ReadAllTextAsync(config.CaFile, ct)));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, ca) },
        };
        using var client = new HttpClient(handler) { BaseAddress = config.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(call.Method, call.Path);
        // Read at each request, never cached: the kubelet rewrites the file before the token expires.
        var token = (await File.ReadAllTextAsync(config.TokenFile, ct)).Trim();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Body is { } body)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Chains to the cluster CA alone; the name check is the platform's (errors other than an untrusted root fail).</summary>
    private static bool Trusted(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var cert = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
