using System.Globalization;
using System.Text.Json;
using ChaosLab.Harness.Clusters;
using ChaosLab.Harness.Reporting;
using CliWrap;

namespace ChaosLab.Harness.Observers;

/// <summary>
/// Requests a Service's ClusterIP from inside the cluster (a loop of curl in one node's container,
/// streamed back), never from the host. Each answer is a sample; the echo server's JSON names the pod
/// that answered, so distinct backends are counted too.
/// </summary>
public sealed class ServiceProbe : IAsyncDisposable
{
    private readonly ClusterTarget _cluster;
    private readonly string _container;
    private readonly string _marker = "chaoslab-probe-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _backends = [];
    private Task? _run;

    private ServiceProbe(ClusterTarget cluster, string container, string node, ProbeSeries series)
    {
        _cluster = cluster;
        _container = container;
        FromNode = node;
        Series = series;
    }

    public ProbeSeries Series { get; }

    public string FromNode { get; }

    public IReadOnlyCollection<string> Backends
    {
        get
        {
            lock (_backends)
            {
                return [.. _backends];
            }
        }
    }

    public static async Task<ServiceProbe> StartAsync(ClusterTarget cluster, string fromNode, string address, int port, TimeSpan interval, ProbeSeries series, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var probe = new ServiceProbe(cluster, await cluster.ContainerOfAsync(fromNode, ct), fromNode, series);
        var sleep = interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        // One line per request: start-ns exit-code end-ns body. The marker lets us stop the loop by name.
        var script = $"while :; do s=$(date +%s%N); b=$(curl -s -m 1 http://{address}:{port}/ 2>&1); c=$?; e=$(date +%s%N); echo \"$s $c $e $b\" | tr -d '\\n'; echo; sleep {sleep}; done # {probe._marker}";
        probe._run = Cli.Wrap("docker").WithArguments(["exec", probe._container, "sh", "-c", script])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(probe.OnLine))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(probe._stop.Token);
        return probe;
    }

    private void OnLine(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var startNs) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var endNs))
        {
            return;
        }
        var ok = parts[1] == "0";
        var body = parts.Length > 3 ? parts[3] : "";
        string? pod = null;
        if (ok)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                pod = json.RootElement.TryGetProperty("pod", out var p) ? p.GetString() : null;
            }
            catch (JsonException)
            {
                // Another server than the echo: the answer still counts.
            }
        }
        if (pod is not null)
        {
            lock (_backends)
            {
                _backends.Add(pod);
            }
        }
        Series.AddSample(new ProbeSample(DateTimeOffset.FromUnixTimeMilliseconds(startNs / 1_000_000), ok, (endNs - startNs) / 1e6,
            ok ? null : $"curl exit {parts[1]}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_run is not null)
            {
                await _run;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        // Ending `docker exec` leaves the loop running in the node: stop it by its marker.
        await _cluster.Engine.ExecAsync(_container, ["pkill", "-f", _marker]);
        _stop.Dispose();
    }
}
