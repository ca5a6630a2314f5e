using System.Globalization;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// How many cases a run makes and from which seed: fixed for CI, so a red run is a red run again; raised with
/// CHAOSLAB_FUZZ_COUNT (the total across the properties) and changed with CHAOSLAB_FUZZ_SEED for longer hunts.
/// CHAOSLAB_FUZZ_CASE=PROPERTY:CASESEED (as a failure prints it) sends that one case of that property instead.
/// </summary>
public sealed record FuzzSettings(int TotalCases, ulong Seed, FuzzCase? Replay = null)
{
    public const string CountVariable = "CHAOSLAB_FUZZ_COUNT";
    public const string SeedVariable = "CHAOSLAB_FUZZ_SEED";
    public const string CaseVariable = "CHAOSLAB_FUZZ_CASE";

    /// <summary>About 5 s of requests on this 2-core machine: the run takes about 1½ minutes with the lab's start, well inside CI's 3.</summary>
    public const int DefaultTotalCases = 1000;
    public const ulong DefaultSeed = 20260101;

    /// <summary>Below this a property proves too little (and its coverage checks would be noise).</summary>
    private const int MinCasesPerProperty = 20;

    public static FuzzSettings FromEnvironment() => new(
        Parse(CountVariable, DefaultTotalCases, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null),
        Parse(SeedVariable, DefaultSeed, text => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (ulong?)null),
        Environment.GetEnvironmentVariable(CaseVariable) is { Length: > 0 } replay ? FuzzCase.Parse(replay) : null);

    /// <summary>The cases of one property: its share of the total.</summary>
    public int CasesFor(double share) => Math.Max(MinCasesPerProperty, (int)Math.Round(TotalCases * share));

    /// <summary>The environment that makes the same run again.</summary>
    public string Reproduce => $"{SeedVariable}={Seed} {CountVariable}={TotalCases}";

    public override string ToString() => Replay is { } replay
        ? $"replaying {CaseVariable}={replay}"
        : $"seed {Seed} ({SeedVariable}), {TotalCases} cases in total ({CountVariable})";

    private static T Parse<T>(string variable, T fallback, Func<string, T?> parse) where T : struct
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return parse(text.Trim()) ?? throw new InvalidOperationException($"{variable}={text} is not a whole number (the count must be above 0)");
    }
}

/// <summary>One generated case: the property that makes it and CsCheck's seed of it (the generator's state before it).</summary>
public sealed record FuzzCase(string Property, string Seed)
{
    public static FuzzCase Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().Split(':', 2) is [{ Length: > 0 } property, { Length: > 0 } seed]
            ? new FuzzCase(property, seed)
            : throw new InvalidOperationException($"{FuzzSettings.CaseVariable}={text} is not PROPERTY:CASESEED (as a failure prints it, e.g. bodies:0000001dikc3)");
    }

    public override string ToString() => $"{Property}:{Seed}";
}
