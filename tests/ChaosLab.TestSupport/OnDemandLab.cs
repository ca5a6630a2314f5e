using System.Diagnostics.CodeAnalysis;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;

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
            return _state;
        }
        finally
        {
            _gate.Release();
        }
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
