using System.Diagnostics;
using ChaosLab.Client.Informers;
using ChaosLab.KubeProxy.Health;
using ChaosLab.KubeProxy.Iptables;
using ChaosLab.KubeProxy.Sync;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.KubeProxy;

/// <summary>
/// kube-proxy's loop: informers on Services, EndpointSlices and Nodes; any change asks for a sync; syncs
/// are coalesced (at most one per min sync period) and repeated every sync period; each sync rewrites
/// the node's KUBE-* chains from the informers' caches. Rules stay in place when the proxy stops, so
/// traffic keeps flowing through a restart (as upstream). Node settings (sysctls) are the command's
/// job, not this loop's, so the loop can drive another node's iptables from a test.
/// </summary>
public sealed class KubeProxyService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly KubeProxyOptions _options;
    private readonly ProxyRulesApplier _applier;
    private readonly ProxyHealth _health;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger _logger;
    private readonly InformerFactory _informers;
    private readonly Informer<V1Service, V1ServiceList> _services;
    private readonly Informer<V1EndpointSlice, V1EndpointSliceList> _slices;
    private readonly BoundedFrequencyRunner _runner;
    private string _lastRules = "";

    public KubeProxyService(KubeProxyOptions options, IKubernetes client, ProxyRulesApplier applier, ProxyHealth health, ProxyMetrics metrics, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _applier = applier;
        _health = health;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger("ChaosLab.KubeProxy");
        _runner = new BoundedFrequencyRunner(SyncAsync, options.MinSyncPeriod, options.SyncPeriod, RetryDelay);
        // No informer resync: the runner's sync period already rewrites everything periodically.
        _informers = new InformerFactory(client, TimeSpan.Zero, InformerOptions.Fast, loggerFactory);
        _services = _informers.Services();
        _slices = _informers.EndpointSlices();
        var nodes = _informers.Nodes();
        _services.AddEventHandler(_ => _runner.Request(), (_, _) => _runner.Request(), _ => _runner.Request());
        _slices.AddEventHandler(_ => _runner.Request(), (_, _) => _runner.Request(), _ => _runner.Request());
        nodes.AddEventHandler(OnNode, (_, node) => OnNode(node), node => OnNodeGone(node));
    }

    public async Task RunAsync(CancellationToken ct)
    {
        _logger.LogInformation("kube-proxy on node {Node}: iptables mode, sync period {Sync}, min sync period {MinSync}, cluster CIDR {Cidr}",
            _options.NodeName, _options.SyncPeriod, _options.MinSyncPeriod, _options.ClusterCidr?.ToString() ?? "(none: no masquerade for off-cluster clients)");
        var informers = _informers.Start(ct);
        try
        {
            await _informers.WaitForCacheSyncAsync(ct);
            _logger.LogInformation("caches synced: {Services} services, {Slices} endpoint slices", _services.Cache.Count, _slices.Cache.Count);
            await _runner.RunAsync(ex => _logger.LogError("sync failed; retrying in {Retry}: {Error}", RetryDelay, ex.Message), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await informers;
        _logger.LogInformation("kube-proxy stopped; its rules stay in place");
    }

    private async Task SyncAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var slices = _options.Mutant == Mutants.KubeProxyMutants.KeepsUnready ? Mutants.KubeProxyMutants.AllReady(_slices.Cache.List()) : _slices.Cache.List();
            var rules = await _applier.ApplyAsync(_services.Cache.List(), slices, _options.NodeName, _options.ClusterCidr?.ToString(), ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.RecordSync(elapsed, rules, DateTimeOffset.UtcNow);
            _health.Updated();
            var level = rules.Text == _lastRules ? LogLevel.Debug : LogLevel.Information;
            _lastRules = rules.Text;
            _logger.Log(level, "synced {Ports} service ports: {Nat} nat and {Filter} filter rules, {Deleted} stale chains deleted, in {Ms:F0} ms",
                rules.ServicePorts, rules.NatRules, rules.FilterRules, rules.DeletedChains.Count, elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _metrics.RecordFailure(Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private void OnNode(V1Node node)
    {
        if (node.Metadata?.Name == _options.NodeName)
        {
            var deleting = node.Metadata.DeletionTimestamp is not null;
            _health.SetNodeEligible(!deleting);
        }
    }

    private void OnNodeGone(V1Node node)
    {
        if (node.Metadata?.Name == _options.NodeName)
        {
            _health.SetNodeEligible(false);
        }
    }
}
