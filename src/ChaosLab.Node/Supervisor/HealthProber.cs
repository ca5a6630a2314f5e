using System.Net.Sockets;
using ChaosLab.NodeApi;

namespace ChaosLab.Node.Supervisor;

/// <summary>Probes each component's health check once a second and records the result on it.</summary>
internal sealed class HealthProber(IReadOnlyList<SupervisedProcess> processes) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // Components serve lab-CA certificates; this probe checks liveness, not identity.
#pragma warning disable CA5359
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
    })
    { Timeout = Timeout };

    public void Dispose() => _http.Dispose();

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            await Task.WhenAll(processes.Select(ProbeAsync));
        }
        while (await timer.WaitForNextTickAsync(shutdown));
    }

    private async Task ProbeAsync(SupervisedProcess process)
    {
        var status = process.Status();
        if (status.State != ComponentState.Running)
        {
            (process.Healthy, process.HealthDetail) = (false, status.State.ToString().ToLowerInvariant());
            return;
        }
        if (process.Spec.Health is not { } check)
        {
            (process.Healthy, process.HealthDetail) = (true, "running (no health check)");
            return;
        }
        (process.Healthy, process.HealthDetail) = await CheckAsync(check);
    }

    private async Task<(bool, string)> CheckAsync(HealthCheck check)
    {
        try
        {
            switch (check.Kind)
            {
                case HealthCheckKind.Http:
                    using (var response = await _http.GetAsync(new Uri(check.Target)))
                    {
                        return (response.IsSuccessStatusCode, $"GET {check.Target}: {(int)response.StatusCode}");
                    }
                case HealthCheckKind.Tcp:
                    var parts = check.Target.Split(':');
                    using (var client = new TcpClient())
                    using (var cts = new CancellationTokenSource(Timeout))
                    {
                        await client.ConnectAsync(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), cts.Token);
                        return (true, $"tcp {check.Target}: connected");
                    }
                case HealthCheckKind.Unix:
                    using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
                    using (var cts = new CancellationTokenSource(Timeout))
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(check.Target), cts.Token);
                        return (true, $"unix {check.Target}: connected");
                    }
                default:
                    return (false, $"unknown health check kind {check.Kind}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException or IOException)
        {
            return (false, $"{check.Kind} {check.Target}: {ex.Message}");
        }
    }
}
