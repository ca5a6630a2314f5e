using System.Diagnostics;
using ChaosLab.KubeProxy.Health;
using ChaosLab.KubeProxy.Iptables;
using ChaosLab.KubeProxy.Rules;
using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.KubeProxy.Tests.Integration;

/// <summary>
/// The whole proxy against the lab's API server: informers see a Service and its EndpointSlice created
/// through the API, the sync loop programs worker-1 (iptables through `docker exec`), and changes to
/// the slice and the service reach the node's rules and traffic.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class KubeProxyServiceTests
{
    private readonly string _name = $"kp-e2e-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2))}";
    private Kubernetes _client = null!;
    private ILoggerFactory _logs = null!;
    private CancellationTokenSource _stop = null!;
    private Task _proxy = null!;
    private ProxyHealth _health = null!;
    private ProxyMetrics _metrics = null!;
    private string _clusterIp = "";

    private string ServicePort => $"default/{_name}:http";

    [OneTimeSetUp]
    public async Task StartProxy()
    {
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(LabPaths.For(IntegrationSetup.Lab.Name).Kubeconfig));
        _logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var options = KubeProxyOptions.Parse(["--hostname-override", IntegrationSetup.Worker, "--cluster-cidr=10.244.0.0/16", "--iptables-min-sync-period=100ms"]);
        _health = new ProxyHealth(options.HealthTimeout);
        _metrics = new ProxyMetrics();
        var proxy = new KubeProxyService(options, _client, new ProxyRulesApplier(IntegrationSetup.Iptables), _health, _metrics, _logs);
        _stop = new CancellationTokenSource();
        _proxy = Task.Run(() => proxy.RunAsync(_stop.Token));

        var service = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = _name },
            Spec = new V1ServiceSpec { Type = "ClusterIP", Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = Backends.Port, Protocol = "TCP" }] },
        }, "default");
        _clusterIp = service.Spec.ClusterIP;
        await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice(Backends.Names), "default");
        await TestContext.Progress.WriteLineAsync($"service {ServicePort} has cluster IP {_clusterIp}");
    }

    [OneTimeTearDown]
    public async Task StopProxy()
    {
        await _stop.CancelAsync();
        await _proxy;
        await TryAsync(() => _client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(_name, "default"));
        await TryAsync(() => _client.CoreV1.DeleteNamespacedServiceAsync(_name, "default"));
        await new ProxyRulesApplier(IntegrationSetup.Iptables).CleanupAsync();
        _client.Dispose();
        _logs.Dispose();
        _stop.Dispose();
    }

    [Test, Order(1)]
    public async Task A_service_created_through_the_api_is_served_on_the_node()
    {
        await WaitForNatAsync("the service's chain", nat => nat.Contains(ChainNames.Service(ServicePort, "tcp"), StringComparison.Ordinal));

        var answers = await ClusterIpClient.AskAsync(IntegrationSetup.Node, _clusterIp, 80, 30);

        Assert.That(answers.Distinct(), Is.EquivalentTo(Backends.Names), string.Join(",", answers));
        Assert.That(_health.Report().Healthy, Is.True);
        var metrics = _metrics.Render();
        Assert.That(metrics, Does.Match(@"kubeproxy_sync_proxy_rules_iptables_total\{table=""nat""\} [1-9]"));
        await TestContext.Progress.WriteLineAsync(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("kubeproxy_sync_proxy_rules_last_duration", StringComparison.Ordinal) || l.Contains("_count", StringComparison.Ordinal))));
    }

    [Test, Order(2)]
    public async Task An_endpoint_turning_not_ready_is_dropped_within_a_second_or_two()
    {
        var slice = await _client.DiscoveryV1.ReadNamespacedEndpointSliceAsync(_name, "default");
        slice.Endpoints.Single(e => e.Addresses[0] == Backends.Address("kpt3")).Conditions = new V1EndpointConditions { Ready = false, Serving = false, Terminating = true };
        var watch = Stopwatch.StartNew();
        await _client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, _name, "default");

        await WaitForNatAsync("kpt3's DNAT to disappear", nat => !nat.Contains(Backends.Address("kpt3"), StringComparison.Ordinal));
        await TestContext.Progress.WriteLineAsync($"not-ready endpoint removed from the node's rules after {watch.ElapsedMilliseconds} ms");
        var answers = await ClusterIpClient.AskAsync(IntegrationSetup.Node, _clusterIp, 80, 20);

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(answers, Has.All.Matches<string>(a => a is "kpt1" or "kpt2"), string.Join(",", answers));
    }

    [Test, Order(3)]
    public async Task Deleting_the_service_removes_its_chains_and_stopping_the_proxy_keeps_the_rest()
    {
        await _client.CoreV1.DeleteNamespacedServiceAsync(_name, "default");

        await WaitForNatAsync("the service's chain to be deleted", nat => !nat.Contains(ChainNames.Service(ServicePort, "tcp"), StringComparison.Ordinal));
        await _stop.CancelAsync();
        await _proxy;
        Assert.That(await IntegrationSetup.Iptables.SaveAsync("nat"), Does.Contain(":KUBE-SERVICES"), "rules stay in place when kube-proxy stops");
    }

    private V1EndpointSlice Slice(IEnumerable<string> backends) => new()
    {
        Metadata = new V1ObjectMeta { Name = _name, Labels = new Dictionary<string, string> { [EndpointIndex.ServiceNameLabel] = _name } },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = Backends.Port, Protocol = "TCP" }],
        Endpoints = [.. backends.Select(b => new V1Endpoint { Addresses = [Backends.Address(b)], Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false } })],
    };

    private static Task WaitForNatAsync(string what, Func<string, bool> done) =>
        Waiter.UntilAsync(what, TimeSpan.FromSeconds(20), async ct =>
        {
            var nat = await IntegrationSetup.Iptables.SaveAsync("nat", ct);
            return (done(nat), $"{nat.Split('\n').Count(l => l.StartsWith("-A KUBE-", StringComparison.Ordinal))} KUBE rules");
        }, TimeSpan.FromMilliseconds(100));

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            // Already gone.
        }
    }
}
