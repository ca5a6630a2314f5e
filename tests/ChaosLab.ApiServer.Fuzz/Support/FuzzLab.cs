using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Docker;
using ChaosLab.TestSupport;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// The fuzz run's own `single` lab (the cheapest topology: one API server is all the properties need), named
/// "fuzz-XXXX" so it is told apart from other projects' labs at a glance. Brought up as the other integration
/// projects bring theirs (after the machine is prepared, bound to this process, so the reaper removes it if the run
/// crashes) and taken down with its nodes' logs kept when a test failed.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Held in a static field for the whole test run; the lab, not the engine client, is what DownAsync ends.")]
public sealed class FuzzLab
{
    public const string Topology = "single";

    private readonly DockerEngine _engine = new();
    private LabState? _state;

    public async Task<LabState> UpAsync()
    {
        if (_state is null)
        {
            await TestLabs.PrepareMachineAsync(_engine);
            _state = await TestLabs.UpAsync(_engine, Topology, $"fuzz-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        }
        return _state;
    }

    public async Task DownAsync()
    {
        if (_state is not null)
        {
            var name = _state.Name;
            _state = null;
            await TestLabs.DownAsync(_engine, name);
        }
    }
}
