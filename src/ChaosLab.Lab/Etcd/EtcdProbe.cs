using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosLab.Lab.Pki;

namespace ChaosLab.Lab.Etcd;

/// <summary>
/// Asks etcd members about their health and Raft state over TLS with the lab's etcd admin client
/// certificate, through etcd's JSON gateway (/health, /v3/maintenance/status).
/// </summary>
public sealed class EtcdProbe : IDisposable
{
    private readonly HttpClient _http;

    public EtcdProbe(string caPath, string clientCertPath, string clientKeyPath, TimeSpan? timeout = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(clientCertPath, clientKeyPath)];
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { ca },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        _http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(2) };
    }

    public static EtcdProbe ForLab(LabPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new(Path.Combine(paths.Pki, LabPki.EtcdCaFile), Path.Combine(paths.Pki, "etcd-admin.crt"), Path.Combine(paths.Pki, "etcd-admin.key"));
    }

    public async Task<EtcdMemberStatus> StatusAsync(LabNode member, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var url = EtcdMember.ClientUrl(member);
        try
        {
            var health = await _http.GetFromJsonAsync<HealthResponse>($"{url}/health", ct);
            using var response = await _http.PostAsJsonAsync($"{url}/v3/maintenance/status", new { }, ct);
            response.EnsureSuccessStatusCode();
            var status = await response.Content.ReadFromJsonAsync<StatusResponse>(ct)
                ?? throw new JsonException("empty status response");
            var memberId = status.Header?.MemberId ?? "";
            return new EtcdMemberStatus(member.Name, health?.Health == "true", memberId, status.Leader ?? "",
                memberId.Length > 0 && memberId == status.Leader, status.Version ?? "", status.DbSize, status.RaftTerm, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or IOException)
        {
            return new EtcdMemberStatus(member.Name, false, "", "", false, "", 0, 0, Describe(ex));
        }
    }

    public async Task<IReadOnlyList<EtcdMemberStatus>> StatusAsync(IEnumerable<LabNode> members, CancellationToken ct = default) =>
        await Task.WhenAll(members.Select(m => StatusAsync(m, ct)));

    public void Dispose() => _http.Dispose();

    private static string Describe(Exception ex) => ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;

    private sealed record HealthResponse([property: JsonPropertyName("health")] string? Health);

    private sealed record StatusHeader([property: JsonPropertyName("member_id")] string? MemberId);

    private sealed record StatusResponse(
        [property: JsonPropertyName("header")] StatusHeader? Header,
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("dbSize"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long DbSize,
        [property: JsonPropertyName("leader")] string? Leader,
        [property: JsonPropertyName("raftTerm"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long RaftTerm);
}

/// <summary>One member as seen over its client port. <see cref="Error"/> says why it could not be read.</summary>
public sealed record EtcdMemberStatus(
    string Node,
    bool Healthy,
    string MemberId,
    string LeaderId,
    bool IsLeader,
    string Version,
    long DbSizeBytes,
    long RaftTerm,
    string? Error);
