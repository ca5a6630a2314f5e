using System.Diagnostics.CodeAnalysis;
using ChaosLab.Lab;
using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;

namespace ChaosLab.TestSupport;

/// <summary>
/// One lab shared by the tests of a run: brought up on first use (after <see cref="TestLabs.PrepareMachineAsync"/>),
/// taken down by <see cref="TearDownAsync"/> from the suite's [SetUpFixture].
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Held in a static field for the whole test run; the lab, not the gate, is what TearDownAsync ends.")]
public sealed class OnDemandLab(string topology, string namePrefix)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LabState? _state;

    public DockerEngine Engine { get; } = new();

    public LabState State => _state ?? throw new InvalidOperationException("the lab is not up");

    public async Task<LabState> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_state is null)
            {
                await TestLabs.PrepareMachineAsync(Engine);
                _state = await TestLabs.UpAsync(Engine, topology, TestLabs.UniqueName(namePrefix));
            }
            // Each fixture gets the lab whole: an earlier fixture's kubelet restart or stopped worker may have
            // left a node Ready a moment before its not-ready taint is gone, and pods would then avoid it.
            await WaitNodesFitAsync(_state);
            return _state;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The same check `up` makes (<see cref="ApiProbe.NodesReadyAsync"/>), made again before each fixture.</summary>
    private static async Task WaitNodesFitAsync(LabState lab)
    {
        using var probe = new ApiProbe(LabPaths.For(lab.Name));
        var workers = lab.LabNodes().Where(n => n.Role == NodeRole.Worker).Select(n => n.Name).ToList();
        await Eventually.UntilAsync("every worker Ready and schedulable before the next fixture", TimeSpan.FromSeconds(60),
            async () => await probe.NodesReadyAsync(lab.ApiEndpointNode(), workers));
    }

    public async Task TearDownAsync()
    {
        if (_state is not null)
        {
            await TestLabs.KeepLogsIfFailedAsync(Engine, _state.Name);
            await new LabController(Engine, TextLabProgress.Silent).DownAsync(_state.Name);
            _state = null;
        }
    }
}
