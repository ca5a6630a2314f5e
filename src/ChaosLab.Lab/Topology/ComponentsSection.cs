using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// The <c>components</c> field: component name -> the command run in place of the bundled one, or the mutant
/// (a deliberately broken variant, see <see cref="Mutants.MutantCatalog"/>) the bundled one runs as.
/// </summary>
internal static class ComponentsSection
{
    private static readonly string[] Fields = ["command", "args", "mutant"];

    /// <summary>Returns the substitutions; the mutants asked for go into <paramref name="mutants"/> (component -> mutant name).</summary>
    public static IReadOnlyDictionary<string, ComponentSubstitution> Read(YamlField? field, TopologyProblemCollector problems, IDictionary<string, string> mutants)
    {
        var substitutions = new Dictionary<string, ComponentSubstitution>(StringComparer.Ordinal);
        if (field is null)
            return substitutions;
        var mapping = YamlValues.AsMapping(field.Value, "components", "a mapping of component name to command and args", problems);
        if (mapping is null)
            return substitutions;

        foreach (var entry in YamlValues.Entries(mapping, problems))
        {
            if (!ComponentNames.All.Contains(entry.Name))
            {
                problems.Add(entry.Key, $"unknown component '{entry.Name}'; allowed: {string.Join(", ", ComponentNames.All)}");
                continue;
            }
            if (MutantOf(entry) is { } mutant)
            {
                if (ReadMutant(entry, mutant, problems) is { } name)
                    mutants[entry.Name] = name;
                continue;
            }
            if (ReadSubstitution(entry, problems) is { } substitution)
                substitutions[entry.Name] = substitution;
        }
        return substitutions;
    }

    private static YamlField? MutantOf(YamlField entry)
    {
        if (entry.Value is not YamlMappingNode mapping)
            return null;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "mutant" } scalar)
                return new YamlField("mutant", scalar, value);
        }
        return null;
    }

    /// <summary>A mutant is the bundled component broken on purpose: it cannot also be replaced by a command.</summary>
    private static string? ReadMutant(YamlField entry, YamlField field, TopologyProblemCollector problems)
    {
        var where = $"components.{entry.Name}";
        var mapping = (YamlMappingNode)entry.Value;
        foreach (var other in mapping.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value != "mutant"))
        {
            problems.Add(other, other.Value is "command" or "args"
                ? $"{where} has both a mutant and '{other.Value}': a mutant is the bundled {entry.Name} broken on purpose, not a substitute command"
                : $"unknown field '{other.Value}' in {where}; allowed: {string.Join(", ", Fields)}");
        }
        var name = YamlValues.AsText(field.Value, $"{where}.mutant", problems);
        if (name is null)
            return null;
        var mutant = Mutants.MutantCatalog.Find(name);
        if (mutant is null)
        {
            problems.Add(field.Value, $"unknown mutant '{name}'; known mutants: {string.Join(", ", Mutants.MutantCatalog.Names)}");
            return null;
        }
        if (mutant.Component != entry.Name)
        {
            problems.Add(field.Value, $"mutant '{name}' breaks {mutant.Component}, not {entry.Name}; mutants of {entry.Name}: {Describe(Mutants.MutantCatalog.All.Where(m => m.Component == entry.Name).Select(m => m.Name))}");
            return null;
        }
        return name;
    }

    private static string Describe(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private static ComponentSubstitution? ReadSubstitution(YamlField entry, TopologyProblemCollector problems)
    {
        var where = $"components.{entry.Name}";
        var mapping = YamlValues.AsMapping(entry.Value, where, "a mapping with command and optional args", problems);
        if (mapping is null)
            return null;
        var fields = YamlFieldMap.Read(mapping, $"in {where}", Fields, problems);
        var command = ReadCommand(entry, fields["command"], problems);
        var args = ReadArgs(where, fields["args"], problems);
        return command is null || args is null ? null : new ComponentSubstitution(entry.Name, command, args);
    }

    private static string? ReadCommand(YamlField entry, YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
        {
            problems.Add(entry.Key, $"component {entry.Name} needs a 'command': the executable run in place of the bundled {entry.Name}");
            return null;
        }
        if (YamlValues.IsEmpty(field.Value) || field.Value is YamlScalarNode { Value: var text } && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(field.Value, $"components.{entry.Name}.command is empty; give the executable to run");
            return null;
        }
        return YamlValues.AsText(field.Value, $"components.{entry.Name}.command", problems);
    }

    private static List<string>? ReadArgs(string where, YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
            return [];
        if (field.Value is not YamlSequenceNode sequence)
        {
            problems.Add(field.Value, $"{where}.args must be a list of strings, e.g. [\"--v=2\"], found {YamlValues.Describe(field.Value)}");
            return null;
        }
        var args = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: var value })
                args.Add(value ?? "");
            else
                problems.Add(item, $"each of {where}.args must be a single string, found {YamlValues.Describe(item)}");
        }
        return args.Count == sequence.Children.Count ? args : null;
    }
}
