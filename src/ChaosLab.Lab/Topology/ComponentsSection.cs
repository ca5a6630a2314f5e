using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>The <c>components</c> field: component name -> the command run in place of the bundled one.</summary>
internal static class ComponentsSection
{
    private static readonly string[] Fields = ["command", "args"];

    public static IReadOnlyDictionary<string, ComponentSubstitution> Read(YamlField? field, TopologyProblemCollector problems)
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
            if (ReadSubstitution(entry, problems) is { } substitution)
                substitutions[entry.Name] = substitution;
        }
        return substitutions;
    }

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
