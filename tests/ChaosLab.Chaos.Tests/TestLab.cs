using ChaosLab.Chaos.Engine;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.NodeApi;
using ChaosLab.TestSupport;
using k8s;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// One `ha` lab (3 control planes with stacked etcd, an lb, 3 workers) shared by every chaos
/// integration test of a run, brought up on first use and taken down by <see cref="TestLabTeardown"/>.
/// CHAOSLAB_TEST_LAB=NAME reuses a lab that is already up (and leaves it up): for working on the tests.
/// </summary>
public static class TestLab
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LabState? _state;
    private static ChaosEnvironment? _env;
    private static Kubernetes? _api;
    private static bool _ownLab;
    private static int _attempts;
    private static Exception? _lastFailure;

    public static DockerEngine Engine { get; } = new();

    public static LabState State => _state ?? throw new InvalidOperationException("the lab is not up");

    public static ChaosEnvironment Env => _env ?? throw new InvalidOperationException("the lab is not up");

    public static Kubernetes Api => _api ?? throw new InvalidOperationException("the lab is not up");

    public static async Task<ChaosEnvironment> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_state is null)
            {
                await Engine.EnsureReachableAsync();
                if (Environment.GetEnvironmentVariable("CHAOSLAB_TEST_LAB") is { Length: > 0 } existing)
                {
                    _state = LabState.Load(existing);
                }
                else
                {
                    // A lab that failed to come up is tried once more (by the next fixture), never more: each try costs minutes.
                    if (_attempts >= 2)
                    {
                        throw new InvalidOperationException($"the lab failed to come up twice; last: {_lastFailure?.Message}", _lastFailure);
                    }
                    _attempts++;
                    _ownLab = true;
                    try
                    {
                        await TestLabs.PrepareMachineAsync(Engine);
                        // Generous: two cores, often shared with other labs, start the whole ha control plane at once.
                        _state = await TestLabs.UpAsync(Engine, "ha", TestLabs.UniqueName("chaos"), readyTimeout: TimeSpan.FromSeconds(180));
                    }
                    catch (Exception ex)
                    {
                        _lastFailure = ex;
                        throw;
                    }
                }
                _api = Client();
                _env = ChaosEnvironment.ForLab(Engine, _state.Name, _api);
            }
            return _env!;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A client of the lab's API; <paramref name="timeout"/> bounds each request (writes hang while etcd has no quorum).</summary>
    public static Kubernetes Client(TimeSpan? timeout = null)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(LabPaths.For(State.Name).Kubeconfig);
        if (timeout is { } t)
        {
            config.HttpClientTimeout = t;
        }
        return new Kubernetes(config);
    }

    public static ChaosNode Node(string name) => Env.Node(name);

    public static string Container(string node) => LabLabels.ContainerName(State.Name, node);

    /// <summary>A fresh engine on the lab with its own timeline; dispose it (await using) to heal whatever a test left.</summary>
    public static ChaosEngine NewEngine() => new(Env, new FaultTimeline());

    /// <summary>
    /// Whether a TCP connection from inside <paramref name="from"/> to <paramref name="to"/>'s supervisor port
    /// (7070, open on every node) is accepted within 2 s: the check runs in the node container with bash.
    /// </summary>
    public static async Task<bool> TcpAsync(string from, string to)
    {
        var address = Node(to).Address;
        var result = await Engine.ExecAsync(Container(from), ["timeout", "2", "bash", "-c", $"</dev/tcp/{address}/{NodeConfig.DefaultSupervisorPort}"]);
        return result.ExitCode == 0;
    }

    /// <summary>Checks TCP for several pairs at once: "from→to" → connected.</summary>
    public static async Task<IReadOnlyDictionary<string, bool>> TcpMatrixAsync(params (string From, string To)[] pairs)
    {
        var results = await Task.WhenAll(pairs.Select(async p => (Key: $"{p.From}→{p.To}", Ok: await TcpAsync(p.From, p.To))));
        return results.ToDictionary(r => r.Key, r => r.Ok);
    }

    /// <summary>
    /// Whether UDP datagrams sent from inside <paramref name="from"/> arrive in <paramref name="to"/> (an nc
    /// listener there prints what it receives): one direction only, unlike TCP or ping.
    /// </summary>
    public static async Task<bool> UdpDeliversAsync(string from, string to, int port)
    {
        var listener = Engine.ExecAsync(Container(to), ["timeout", "4", "nc", "-u", "-l", "-W", "1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await Task.Delay(500);
        await Engine.ExecAsync(Container(from), ["bash", "-c",
            $"for i in $(seq 20); do echo chaos-udp > /dev/udp/{Node(to).Address}/{port}; sleep 0.1; done"]);
        var received = await listener;
        return received.Stdout.Contains("chaos-udp", StringComparison.Ordinal);
    }

    /// <summary>Prints a fault's figures for the closing note: time to verified effect, and heal → verified healed.</summary>
    public static void Report(ChaosEngine engine, ActiveFault active, string observed = "", string? name = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(active);
        var healed = engine.Timeline.Entries.LastOrDefault(e => e.FaultId == active.Fault.Id && e.Phase is FaultPhase.HealVerified or FaultPhase.HealNotVerified);
        TestContext.Progress.WriteLine(
            $"FIGURES {name ?? active.Fault.Name,-27} effect {active.TimeToEffect.TotalSeconds,6:0.00} s   healed {(healed is null ? "   n/a" : $"{healed.Took.TotalSeconds,6:0.00}")} s   {active.Fault.Describe()}{(observed.Length > 0 ? $"   | {observed}" : "")}");
    }

    /// <summary>Waits until every node is healthy (container running, every component healthy), so one test's recovery never leaks into the next.</summary>
    public static async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        await Eventually.UntilAsync("every lab node healthy", timeout ?? TimeSpan.FromSeconds(60), async () =>
        {
            var checks = await Task.WhenAll(Env.Nodes.Select(n => Mechanisms.NodeHealth.CheckAsync(Env, n, CancellationToken.None)));
            return (checks.All(c => c.Ok), string.Join("; ", checks.Where(c => !c.Ok).Select(c => c.Evidence)));
        }, 500);
    }

    public static async Task TearDownAsync()
    {
        if (_state is null)
        {
            return;
        }
        _api?.Dispose();
        _env?.Dispose();
        if (_ownLab)
        {
            await TestLabs.KeepLogsIfFailedAsync(Engine, _state.Name);
            await new LabController(Engine, TextLabProgress.Silent).DownAsync(_state.Name);
        }
        _state = null;
        _env = null;
        _api = null;
    }
}

[SetUpFixture]
public sealed class TestLabTeardown
{
    [OneTimeTearDown]
    public Task TearDown() => TestLab.TearDownAsync();
}
