using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// Runs one property: the cases come from a PCG seeded with the run's seed (the same cases every run for a given
/// seed and count), each sent to the server and its answer checked. The first case that breaks a property is handed
/// to CsCheck, which replays it from its own seed and searches for a smaller failing case; the test then fails
/// with the smallest request it found and the ways to send it again.
/// </summary>
public static partial class FuzzRunner
{
    /// <summary>Cases CsCheck may try while shrinking; only the ones smaller than the smallest failure are sent.</summary>
    private const long ShrinkIterations = 3000;

    public static async Task RunAsync(FuzzTarget target, string property, uint stream, double share, Func<FuzzScope, Gen<FuzzRequest>> generator)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(generator);
        var settings = target.Settings;
        var gen = generator(target.Scope);
        if (settings.Replay is { } replay)
        {
            await ReplayAsync(target, property, gen, replay);
            return;
        }
        var cases = settings.CasesFor(share);
        var stats = target.Report.Start(property, cases);
        var pcg = new PCG(stream, settings.Seed);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var state = pcg.State;
            var request = gen.Generate(pcg, null, out _);
            stats.Elapsed = clock.Elapsed;
            if (await CheckAsync(target.Api, request, stats) is { } violation)
            {
                stats.Broken = $"case {i + 1} of {cases}";
                await FailWithSmallestAsync(target, property, gen, pcg.ToString(state), stats.Broken, request, violation);
            }
        }
        stats.Elapsed = clock.Elapsed;
        await TestContext.Progress.WriteLineAsync($"fuzz {property}: {stats.Summary} ({settings}, stream {stream})");
        stats.AssertReachedTheServer();
    }

    /// <summary>Sends the one case <see cref="FuzzSettings.CaseVariable"/> names, if it is of this property; a failure is shrunk as in a run.</summary>
    private static async Task ReplayAsync(FuzzTarget target, string property, Gen<FuzzRequest> gen, FuzzCase replay)
    {
        if (replay.Property != property)
        {
            Assert.Ignore($"{FuzzSettings.CaseVariable} replays one case of {replay.Property}");
        }
        PCG pcg;
        try
        {
            pcg = PCG.Parse(replay.Seed);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidOperationException($"{FuzzSettings.CaseVariable}={replay}: \"{replay.Seed}\" is not a case seed as a failure prints it", ex);
        }
        var request = gen.Generate(pcg, null, out _);
        await TestContext.Progress.WriteLineAsync($"fuzz {property}: replaying {replay}: {request}");
        if (await CheckAsync(target.Api, request, null) is { } violation)
        {
            await FailWithSmallestAsync(target, property, gen, replay.Seed, "the replayed case", request, violation);
        }
        await TestContext.Progress.WriteLineAsync($"fuzz {property}: the replayed case held");
    }

    /// <summary>Sends the request and checks the answer; the violation, or null when every property holds.</summary>
    private static async Task<PropertyViolationException?> CheckAsync(FuzzApi api, FuzzRequest request, FuzzStats? stats)
    {
        try
        {
            var response = await api.SendAsync(request);
            stats?.Add(request, response);
            ApiProperties.Check(request, response);
            return null;
        }
        catch (PropertyViolationException violation)
        {
            return violation;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new PropertyViolationException($"no answer: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private static async Task FailWithSmallestAsync(FuzzTarget target, string property, Gen<FuzzRequest> gen, string caseSeed, string which, FuzzRequest first, PropertyViolationException violation)
    {
        var nl = Environment.NewLine;
        var settings = target.Settings;
        var header = $"fuzz {property}: {which} broke a property ({settings}).{nl}It answered {violation.Message}{nl}to {first}{nl}";
        var again = settings.Replay is null
            ? $"{nl}Send it again: the whole run with {settings.Reproduce}, this case alone with {FuzzSettings.CaseVariable}={property}:{caseSeed}"
            : $"{nl}Send it again with {FuzzSettings.CaseVariable}={property}:{caseSeed}";
        if (!await target.IsReadyAsync())
        {
            Assert.Fail($"{header}The API server no longer answers /readyz, so the case is not shrunk.{again}");
        }
        try
        {
            await gen.SampleAsync(async request =>
            {
                if (await CheckAsync(target.Api, request, null) is { } repeated)
                {
                    throw repeated;
                }
            }, seed: caseSeed, iter: ShrinkIterations, threads: 1, print: request => request.ToString());
        }
        catch (CsCheckException shrunk)
        {
            // CsCheck's message: Set seed: "SEED" or -e CsCheck_Seed=SEED to reproduce (N shrinks, ...).\nCASE
            var smallest = ShrunkCase().Match(shrunk.Message);
            Assert.Fail(smallest.Success
                ? $"{header}{nl}Smallest failing case CsCheck found ({smallest.Groups["counts"].Value}):{nl}{smallest.Groups["case"].Value.Trim()}{nl}"
                    + $"which answered {shrunk.InnerException?.Message}{again}"
                    + (smallest.Groups["seed"].Value == caseSeed ? "" : $", the smallest with {FuzzSettings.CaseVariable}={property}:{smallest.Groups["seed"].Value}")
                : $"{header}{nl}Shrunk by CsCheck: {shrunk.Message}{nl}which answered {shrunk.InnerException?.Message}{again}");
        }
        Assert.Fail($"{header}Replayed from its seed it did not fail again: the failure depends on the server's state or timing.{again}");
    }

    [GeneratedRegex("""Set seed: "(?<seed>[^"]+)".*?\((?<counts>[^)]*)\)\.?\s*$\s*(?<case>.*)""", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ShrunkCase();
}
