using ChaosLab.KubeProxy.Iptables;
using ChaosLab.KubeProxy.Tests.Support;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.NodeApi;
using ChaosLab.TestSupport;

namespace ChaosLab.KubeProxy.Tests.Integration;

/// <summary>
/// One `single` lab for every integration test here, with three backends in network namespaces on
/// worker-1 (<see cref="Backends"/>). Any kube-proxy the lab itself runs on worker-1 is stopped for
/// the duration, so only the tests write KUBE-* chains there. Torn down (and checked clean) at the end.
/// </summary>
[SetUpFixture]
public sealed class IntegrationSetup
{
    public const string Worker = "worker-1";

    private static DockerEngine? _engine;
    private static LabState? _lab;
    private static bool _stoppedLabKubeProxy;

    public static LabState Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    public static NodeShell Node { get; private set; } = null!;

    public static Backends Backends { get; private set; } = null!;

    /// <summary>iptables in worker-1, driven from here through `docker exec -i`.</summary>
    public static IptablesClient Iptables { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task BringUp()
    {
        _engine = new DockerEngine();
        await TestLabs.PrepareMachineAsync(_engine);
        _lab = await TestLabs.UpAsync(_engine, "single", TestLabs.UniqueName("kproxy"));

        var container = LabLabels.ContainerName(_lab.Name, Worker);
        Node = new NodeShell(_engine, container);
        Iptables = new IptablesClient(new ProcessCommandRunner(["docker", "exec", "-i", container]));
        await StopLabKubeProxyAsync();
        Backends = new Backends(Node);
        await Backends.StartAsync();
        await TestContext.Progress.WriteLineAsync($"worker-1 routes:\n{await Node.RunAsync("list routes", "ip route")}");
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_engine is null)
        {
            return;
        }
        if (_lab is not null)
        {
            try
            {
                await new ProxyRulesApplier(Iptables).CleanupAsync();
                await Backends.StopAsync();
                await StartLabKubeProxyAsync();
            }
            finally
            {
                await TestLabs.DownAsync(_engine, _lab.Name);
            }
        }
        _engine.Dispose();
    }

    private static async Task StopLabKubeProxyAsync()
    {
        using var supervisor = new SupervisorClient(LabPaths.For(Lab.Name));
        var worker = Lab.Find(Worker)!;
        if ((await supervisor.ComponentsAsync(worker)).Any(c => c.Name == "kube-proxy"))
        {
            await supervisor.ActAsync(worker, "kube-proxy", ComponentActions.Stop);
            _stoppedLabKubeProxy = true;
        }
        // Start from a node without any kube-proxy rules, whoever wrote them.
        await new ProxyRulesApplier(Iptables).CleanupAsync();
    }

    private static async Task StartLabKubeProxyAsync()
    {
        if (_stoppedLabKubeProxy)
        {
            using var supervisor = new SupervisorClient(LabPaths.For(Lab.Name));
            await supervisor.ActAsync(Lab.Find(Worker)!, "kube-proxy", ComponentActions.Start);
        }
    }
}
