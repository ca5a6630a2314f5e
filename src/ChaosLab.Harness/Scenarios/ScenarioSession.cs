using System.Security.Cryptography;
using ChaosLab.Chaos;
using ChaosLab.Chaos.Engine;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Harness.Clusters;
using ChaosLab.Harness.Drivers;
using ChaosLab.Harness.Observers;
using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Scenarios;

/// <summary>
/// Everything one scenario works with: the cluster from the pool, its chaos engine, the drivers, the
/// observers and probes, notes steps leave for later steps, and the record the report is made of.
/// Step bindings receive it by context injection; it is usable from plain C# as well.
/// </summary>
public sealed class ScenarioSession : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _background = [];
    private ClusterObserver? _observer;
    private IReadOnlyList<string>? _ended;

    private ScenarioSession(ClusterTarget cluster, ChaosEnvironment chaosEnvironment, ScenarioRecord record, string ns)
    {
        Cluster = cluster;
        ChaosEnvironment = chaosEnvironment;
        Record = record;
        Namespace = ns;
        Chaos = new ChaosEngine(chaosEnvironment);
        Bounds = new RecoveryBounds(cluster.Profile);
        Workloads = new WorkloadDriver(cluster.Api, ns);
        Network = new NetworkDriver(cluster, Workloads);
        Chaos.Timeline.Recorded += e =>
        {
            Record.AddTimeline(new TimelineEvent(e.At, "fault", e.Phase.ToString(), $"{e.FaultId} {e.Description}: {e.Evidence}"));
            if (e.Phase is FaultPhase.Injected or FaultPhase.Healed)
            {
                LastChaosAt = e.At - (e.Phase == FaultPhase.Injected ? e.Took : TimeSpan.Zero);
            }
        };
    }

    public ClusterTarget Cluster { get; }

    public ChaosEnvironment ChaosEnvironment { get; }

    public ChaosEngine Chaos { get; }

    public RecoveryBounds Bounds { get; }

    public ScenarioRecord Record { get; }

    /// <summary>The namespace the scenario's workloads live in (removed at the end).</summary>
    public string Namespace { get; }

    public WorkloadDriver Workloads { get; }

    public NetworkDriver Network { get; }

    /// <summary>Values steps hand to later steps ("the lease holder I noted").</summary>
    public Dictionary<string, object> Notes { get; } = [];

    public ApiWriteProbe? ApiProbe { get; private set; }

    public Dictionary<string, ServiceProbe> ServiceProbes { get; } = [];

    /// <summary>When the last fault was injected or healed: what recovery times are measured from.</summary>
    public DateTimeOffset? LastChaosAt { get; private set; }

    /// <summary>The faults injected so far, in order.</summary>
    public List<ActiveFault> Faults { get; } = [];

    public static async Task<ScenarioSession> StartAsync(ScenarioRecord record, string topology, bool fresh, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var cluster = await ClusterPool.AcquireAsync(topology, fresh, ct);
        record.Topology = cluster.Topology;
        record.TimingProfile = cluster.Profile.Name;
        if (!cluster.Owned)
        {
            // The report names what the kubeconfig turned out to be (a ChaosLab lab, or another cluster).
            HarnessRun.Record.Target = cluster.Describe();
        }
        // A crashed earlier run may have left faults behind: heal those first.
        await ChaosSweeper.HealOrphansAsync(cluster.Engine, ct);
        var env = await cluster.ChaosEnvironmentAsync(ct);
        var ns = "sc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var session = new ScenarioSession(cluster, env, record, ns);
        await session.Workloads.CreateNamespaceAsync(ct);
        session._observer = new ClusterObserver(cluster.Api, ns, record);
        session._observer.Start();
        return session;
    }

    public async Task<ActiveFault> InjectAsync(IFault fault, TimeSpan? duration = null, CancellationToken ct = default)
    {
        try
        {
            var active = await Chaos.InjectAsync(fault, duration, ct);
            Faults.Add(active);
            return active;
        }
        catch (TargetNotSupportedException ex)
        {
            throw new ScenarioNotApplicableException($"{Cluster.Describe()} cannot take this fault: {ex.Message}");
        }
    }

    public ApiWriteProbe StartApiProbe(TimeSpan interval)
    {
        var series = new ProbeSeries { Name = "API writes" };
        Record.AddProbe(series);
        ApiProbe = new ApiWriteProbe(Cluster.Api, Namespace, interval, series);
        ApiProbe.Start();
        _background.Add(ApiProbe);
        return ApiProbe;
    }

    public async Task<ServiceProbe> StartServiceProbeAsync(string service, TimeSpan interval, CancellationToken ct = default)
    {
        var svc = await Workloads.ServiceAsync(service, ct);
        var fromNode = await Network.ProbeNodeAsync(service, ct);
        var series = new ProbeSeries { Name = $"service {service} from {fromNode}" };
        Record.AddProbe(series);
        var probe = await ServiceProbe.StartAsync(Cluster, fromNode, svc.Spec.ClusterIP, svc.Spec.Ports[0].Port, interval, series, ct);
        ServiceProbes[service] = probe;
        _background.Add(probe);
        return probe;
    }

    /// <summary>
    /// Waits for a recovery and judges it against a bound measured from the last fault's injection or heal:
    /// it keeps waiting a little past the bound so that the report shows the real time even when the
    /// bound is missed, then fails the step.
    /// </summary>
    public async Task<TimeSpan> WithinBoundAsync(string what, string kind, RecoveryBound bound, Func<Task<(bool Ok, string State)>> check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var since = LastChaosAt ?? Record.StartedAt;
        var remaining = bound.Value - (DateTimeOffset.UtcNow - since) + TimeSpan.FromSeconds(15);
        TimeSpan measured;
        try
        {
            await Eventually.UntilAsync(what, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1), check, ct);
            measured = DateTimeOffset.UtcNow - since;
        }
        catch (ExpectationException ex)
        {
            RecordBound(what, kind, bound, null);
            throw new ExpectationException($"{ex.Message} (bound {bound.Value.TotalSeconds:0.0} s: {bound.Source})");
        }
        if (!RecordBound(what, kind, bound, measured))
        {
            throw new ExpectationException($"{what}: took {measured.TotalSeconds:0.0} s after the fault, over the {bound.Name} bound of {bound.Value.TotalSeconds:0.0} s ({bound.Source})");
        }
        return measured;
    }

    /// <summary>Records a bound check into the report (and returns whether it was met).</summary>
    public bool RecordBound(string what, string kind, RecoveryBound bound, TimeSpan? measured)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var met = measured is { } m && m <= bound.Value;
        Record.AddBound(new BoundCheck(what, kind, bound.Value, measured, met, bound.Source));
        return met;
    }

    /// <summary>
    /// Ends the scenario: stops probes and observers, heals every fault (always), removes the
    /// namespace and hands the cluster back to the pool. Returns problems worth reporting.
    /// </summary>
    public async Task<IReadOnlyList<string>> EndAsync(CancellationToken ct = default)
    {
        if (_ended is not null)
        {
            return _ended;
        }
        var problems = new List<string>();
        _ended = problems;
        async Task Step(string what, Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                problems.Add($"{what} failed: {ex.Message}");
            }
        }
        foreach (var background in _background)
        {
            await Step("stopping a probe", async () => await background.DisposeAsync());
        }
        // Faults are healed whatever happened before: the next scenario gets a whole cluster.
        await Step("heal", async () =>
        {
            await Chaos.WaitForScheduledHealsAsync();
            problems.AddRange((await Chaos.HealAllAsync(ct)).Select(e => $"heal: {e}"));
        });
        await Step("heal (sweep)", async () => problems.AddRange((await ChaosSweeper.SweepAsync(ChaosEnvironment, ct)).Select(s => $"swept a leftover: {s}")));
        await Step("stopping the chaos engine", async () => await Chaos.DisposeAsync());
        if (_observer is not null)
        {
            await Step("stopping the observer", async () => await _observer.DisposeAsync());
        }
        foreach (var window in FaultWindows(Chaos.Timeline.Entries))
        {
            Record.AddFault(window);
        }
        await Step("deleting the namespace", () => Workloads.DeleteNamespaceAsync(ct));
        await Step("checking the cluster's health", async () =>
        {
            if (await ClusterPool.ReleaseAsync(Cluster, TimeSpan.FromSeconds(90), ct) is { } unhealthy)
            {
                problems.Add($"the cluster was left unhealthy ({unhealthy}){(Cluster.Owned ? " and was replaced" : "")}");
            }
        });
        ChaosEnvironment.Dispose();
        return problems;
    }

    public async ValueTask DisposeAsync() => await EndAsync();

    private static IEnumerable<FaultWindow> FaultWindows(IReadOnlyList<TimelineEntry> entries) =>
        entries.GroupBy(e => e.FaultId).Select(g =>
        {
            DateTimeOffset? At(FaultPhase phase) => g.FirstOrDefault(e => e.Phase == phase)?.At;
            var first = g.First();
            return new FaultWindow(g.Key, first.Fault, g.Last().Description, (At(FaultPhase.Injected) ?? first.At) - (g.FirstOrDefault(e => e.Phase == FaultPhase.Injected)?.Took ?? TimeSpan.Zero),
                At(FaultPhase.EffectVerified), At(FaultPhase.Healed), At(FaultPhase.HealVerified));
        });
}

/// <summary>The target cannot run this scenario (a fault its provider does not offer); the scenario is skipped with this reason.</summary>
public sealed class ScenarioNotApplicableException(string message) : Exception(message);
