using ChaosLab.ApiServer.Fuzz.Generators;
using ChaosLab.ApiServer.Fuzz.Support;

namespace ChaosLab.ApiServer.Fuzz;

/// <summary>
/// Property-based fuzzing of the API server of a real lab: whatever is sent, the answer is never a 5xx, every
/// error is a Status carrying its HTTP code, nothing invalid by construction is accepted, and afterwards the
/// server is ready and no component of the lab restarted. Cases are fixed by CHAOSLAB_FUZZ_SEED and
/// CHAOSLAB_FUZZ_COUNT (see <see cref="FuzzSettings"/>); a failure is shrunk by CsCheck to its smallest request,
/// and CHAOSLAB_FUZZ_CASE sends one printed case again. The lab is the run's own `single` lab (<see cref="FuzzLab"/>).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ApiServerFuzzTests
{
    private FuzzTarget _target = null!;

    [SetUp]
    public async Task Seed()
    {
        _target = await FuzzTarget.GetAsync();
        await _target.EnsureSeedsAsync();
    }

    [Test]
    public async Task Create_and_update_bodies_of_every_kind() =>
        await RunAsync("bodies", stream: 1, share: 0.35, BodyGen.Requests);

    [Test]
    public async Task Json_merge_and_strategic_merge_patches() =>
        await RunAsync("patches", stream: 2, share: 0.25, PatchGen.Requests);

    [Test]
    public async Task Query_parameters_of_every_verb() =>
        await RunAsync("queries", stream: 3, share: 0.25, QueryGen.Requests);

    [Test]
    public async Task Deletes_with_delete_options_bodies() =>
        await RunAsync("deletes", stream: 4, share: 0.15, DeleteGen.Requests);

    private async Task RunAsync(string property, uint stream, double share, Func<FuzzScope, CsCheck.Gen<FuzzRequest>> generator)
    {
        await FuzzRunner.RunAsync(_target, property, stream, share, generator);
        await _target.AssertUnharmedAsync();
    }
}
