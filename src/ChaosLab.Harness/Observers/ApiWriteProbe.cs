using System.Collections.Concurrent;
using System.Diagnostics;
using ChaosLab.Harness.Reporting;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.Harness.Observers;

/// <summary>
/// Writes a ConfigMap through the API every interval (each write a new value of one of a few keys) and
/// reads one back, keeping the history Jepsen-style: which writes were acknowledged, and what each read
/// returned, so that checkers can judge "no acknowledged write lost" and "no read went back in time".
/// </summary>
public sealed class ApiWriteProbe : IAsyncDisposable
{
    private const int Keys = 4;
    private readonly IKubernetes _api;
    private readonly string _namespace;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _acknowledged = new();
    private readonly ConcurrentDictionary<string, long> _lastRead = new();
    private readonly ConcurrentQueue<string> _readAnomalies = new();
    private Task? _loop;
    private long _sequence;
    private bool _disposed;

    public ApiWriteProbe(IKubernetes api, string ns, TimeSpan interval, ProbeSeries series)
    {
        _api = api;
        _namespace = ns;
        _interval = interval;
        Series = series;
    }

    public ProbeSeries Series { get; }

    /// <summary>Highest acknowledged value per key.</summary>
    public IReadOnlyDictionary<string, long> Acknowledged => _acknowledged;

    public IReadOnlyCollection<string> ReadAnomalies => _readAnomalies;

    public bool LastWriteSucceeded { get; private set; } = true;

    public DateTimeOffset? LastFailureAt { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            var at = DateTimeOffset.UtcNow;
            var value = Interlocked.Increment(ref _sequence);
            var key = $"probe-{value % Keys}";
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await WriteAsync(key, value, timeout.Token);
                _acknowledged.AddOrUpdate(key, value, (_, old) => Math.Max(old, value));
                Series.AddSample(new ProbeSample(at, true, started.Elapsed.TotalMilliseconds, null));
                LastWriteSucceeded = true;
                LastSuccessAt = DateTimeOffset.UtcNow;
                await ReadBackAsync($"probe-{(value + 1) % Keys}", timeout.Token);
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException or IOException && !ct.IsCancellationRequested)
            {
                Series.AddSample(new ProbeSample(at, false, started.Elapsed.TotalMilliseconds, Describe(ex)));
                LastWriteSucceeded = false;
                LastFailureAt = DateTimeOffset.UtcNow;
            }
            var wait = _interval - started.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task WriteAsync(string key, long value, CancellationToken ct)
    {
        var body = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = key, NamespaceProperty = _namespace },
            Data = new Dictionary<string, string> { ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        try
        {
            await _api.CoreV1.ReplaceNamespacedConfigMapAsync(body, key, _namespace, cancellationToken: ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await _api.CoreV1.CreateNamespacedConfigMapAsync(body, _namespace, cancellationToken: ct);
        }
    }

    private async Task ReadBackAsync(string key, CancellationToken ct)
    {
        try
        {
            var read = await _api.CoreV1.ReadNamespacedConfigMapAsync(key, _namespace, cancellationToken: ct);
            var value = long.Parse(read.Data["value"], System.Globalization.CultureInfo.InvariantCulture);
            if (_lastRead.TryGetValue(key, out var previous) && value < previous)
            {
                _readAnomalies.Enqueue($"{key}: read {value} after having read {previous}");
            }
            _lastRead.AddOrUpdate(key, value, (_, old) => Math.Max(old, value));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Not written yet.
        }
    }

    /// <summary>Every acknowledged write's key holds that value or a later one; returns the violations.</summary>
    public async Task<IReadOnlyList<string>> LostWritesAsync(CancellationToken ct = default)
    {
        var lost = new List<string>();
        foreach (var (key, acked) in _acknowledged)
        {
            var read = await _api.CoreV1.ReadNamespacedConfigMapAsync(key, _namespace, cancellationToken: ct);
            var value = long.Parse(read.Data["value"], System.Globalization.CultureInfo.InvariantCulture);
            if (value < acked)
            {
                lost.Add($"{key}: acknowledged {acked}, now reads {value}");
            }
        }
        return lost;
    }

    private static string Describe(Exception ex) => ex is HttpOperationException http ? $"{(int)http.Response.StatusCode} {http.Response.ReasonPhrase}" : ex.Message;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stop.CancelAsync();
        try
        {
            if (_loop is not null)
            {
                await _loop;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped in the middle of a request.
        }
        _stop.Dispose();
    }
}
