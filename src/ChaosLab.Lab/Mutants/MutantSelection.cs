using System.Globalization;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Mutants;

/// <summary>
/// The mutants a lab runs, at most one per component: from `up --mutant` (repeatable, or a comma list), the
/// CHAOSLAB_MUTANTS variable of the harness, and a topology's <c>components.NAME.mutant</c>.
/// </summary>
public sealed class MutantSelection
{
    /// <summary>Read by the harness's cluster pool: every lab it brings up runs these mutants.</summary>
    public const string EnvironmentVariable = "CHAOSLAB_MUTANTS";

    private readonly Dictionary<string, Mutant> _byComponent;

    private MutantSelection(Dictionary<string, Mutant> byComponent) => _byComponent = byComponent;

    public static MutantSelection None { get; } = new([]);

    public IReadOnlyList<Mutant> Mutants => _byComponent.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();

    public bool IsEmpty => _byComponent.Count == 0;

    /// <summary>
    /// Names as given (each may be a comma list); an unknown name or two mutants of one component is an
    /// <see cref="InvalidLabInputException"/> that lists the known mutants.
    /// </summary>
    public static MutantSelection Parse(IEnumerable<string>? values)
    {
        var byComponent = new Dictionary<string, Mutant>(StringComparer.Ordinal);
        foreach (var name in Split(values))
        {
            var mutant = MutantCatalog.Find(name)
                ?? throw new InvalidLabInputException($"unknown mutant '{name}'; known mutants: {string.Join(", ", MutantCatalog.Names)}");
            Add(byComponent, mutant);
        }
        return new MutantSelection(byComponent);
    }

    /// <summary>The catalog entries of a comma list of names, in the catalog's order; unknown names are an error listing the known ones.</summary>
    public static IReadOnlyList<Mutant> Names(string commaList)
    {
        var unknown = Split([commaList]).Where(n => MutantCatalog.Find(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidLabInputException($"unknown mutant '{unknown[0]}'; known mutants: {string.Join(", ", MutantCatalog.Names)}");
        }
        var names = Split([commaList]).ToHashSet(StringComparer.Ordinal);
        return names.Count == 0
            ? throw new InvalidLabInputException($"no mutant named; known mutants: {string.Join(", ", MutantCatalog.Names)}")
            : MutantCatalog.All.Where(m => names.Contains(m.Name)).ToList();
    }

    /// <summary>The names of CHAOSLAB_MUTANTS (a comma list), validated as <see cref="Parse"/> does.</summary>
    public static MutantSelection FromEnvironment() => Parse([Environment.GetEnvironmentVariable(EnvironmentVariable) ?? ""]);

    /// <summary>This selection plus the topology's own mutants; a component given two different ones is an error.</summary>
    public MutantSelection With(IReadOnlyDictionary<string, string> topologyMutants)
    {
        ArgumentNullException.ThrowIfNull(topologyMutants);
        var byComponent = new Dictionary<string, Mutant>(_byComponent, StringComparer.Ordinal);
        foreach (var name in topologyMutants.Values)
        {
            Add(byComponent, MutantCatalog.Find(name) ?? throw new InvalidLabInputException($"unknown mutant '{name}'"));
        }
        return new MutantSelection(byComponent);
    }

    /// <summary>The component as the selection runs it: its sound spec, or the spec with its mutant switched on.</summary>
    public ComponentSpec Apply(ComponentSpec component, TimingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(profile);
        if (!_byComponent.TryGetValue(component.Name, out var mutant))
        {
            return component;
        }
        if (mutant.Name == MutantCatalog.EtcdSlowElection)
        {
            var slower = ((int)(profile.EtcdElectionTimeout.TotalMilliseconds * MutantCatalog.ElectionTimeoutFactor)).ToString(CultureInfo.InvariantCulture);
            return component with { Args = ReplaceValue(component.Args, "--election-timeout", slower) };
        }
        return component with { Args = [.. component.Args, mutant.Flag] };
    }

    /// <summary>Component -> mutant name, as <see cref="TopologySpec.Mutants"/> holds them.</summary>
    public IReadOnlyDictionary<string, string> ByComponent() => _byComponent.ToDictionary(p => p.Key, p => p.Value.Name, StringComparer.Ordinal);

    public override string ToString() => IsEmpty ? "none" : string.Join(",", Mutants.Select(m => m.Name));

    private static void Add(Dictionary<string, Mutant> byComponent, Mutant mutant)
    {
        if (byComponent.TryGetValue(mutant.Component, out var other) && other.Name != mutant.Name)
        {
            throw new InvalidLabInputException($"mutants '{other.Name}' and '{mutant.Name}' both replace {mutant.Component}; a component runs at most one mutant");
        }
        byComponent[mutant.Component] = mutant;
    }

    private static IEnumerable<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static List<string> ReplaceValue(IReadOnlyList<string> args, string flag, string value)
    {
        var result = args.ToList();
        var at = result.IndexOf(flag);
        if (at < 0 || at + 1 >= result.Count)
        {
            throw new InvalidOperationException($"the component has no {flag} to change");
        }
        result[at + 1] = value;
        return result;
    }
}
