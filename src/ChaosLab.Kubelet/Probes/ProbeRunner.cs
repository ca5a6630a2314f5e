using System.Net.Sockets;
using ChaosLab.Cri;
using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Probes;

/// <summary>Runs one HTTP or TCP probe against a pod's address from the node, or an exec probe in the container through the runtime.</summary>
public sealed class ProbeRunner(IRuntimeService runtime) : IDisposable
{
    private readonly HttpClient _http = new();

    public async Task<(bool Success, string Message)> RunAsync(V1Probe probe, string podIp, string containerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            if (probe.HttpGet is { } http)
            {
                var port = Port(http.Port);
                using var response = await _http.GetAsync(new Uri($"{(http.Scheme ?? "HTTP").ToLowerInvariant()}://{podIp}:{port}{http.Path ?? "/"}"), cts.Token);
                var code = (int)response.StatusCode;
                return (code is >= 200 and < 400, $"HTTP probe returned {code}");
            }
            if (probe.TcpSocket is { } tcp)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(podIp, Port(tcp.Port), cts.Token);
                return (true, "TCP connected");
            }
            if (probe.Exec is { Command: { Count: > 0 } command })
            {
                var result = await runtime.ExecSyncAsync(containerId, command.ToList(), timeout, cts.Token);
                return (result.ExitCode == 0, $"exec exited {result.ExitCode}: {result.Stdout.Trim()} {result.Stderr.Trim()}");
            }
            return (true, "no probe handler");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException or InvalidOperationException or CriException)
        {
            return (false, ex is OperationCanceledException ? $"probe timed out after {timeout.TotalSeconds:0} s" : ex.Message);
        }
    }

    private static int Port(IntOrString port) =>
        int.TryParse(port?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new InvalidOperationException($"named probe port '{port?.Value}' is not supported; use a number");

    public void Dispose() => _http.Dispose();
}
