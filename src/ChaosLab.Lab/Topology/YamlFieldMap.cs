using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>The known fields of a YAML mapping by name; unknown fields are reported while reading.</summary>
internal sealed class YamlFieldMap
{
    private readonly Dictionary<string, YamlField> fields;

    private YamlFieldMap(Dictionary<string, YamlField> fields) => this.fields = fields;

    public YamlField? this[string name] => fields.GetValueOrDefault(name);

    /// <param name="where">Where the mapping sits, for messages: "at the top level", "in etcd".</param>
    public static YamlFieldMap Read(
        YamlMappingNode mapping, string where, IReadOnlyList<string> allowed, TopologyProblemCollector problems)
    {
        var known = new Dictionary<string, YamlField>(StringComparer.Ordinal);
        foreach (var field in YamlValues.Entries(mapping, problems))
        {
            if (allowed.Contains(field.Name))
                known[field.Name] = field;
            else
                problems.Add(field.Key, $"unknown field '{field.Name}' {where}; allowed: {string.Join(", ", allowed)}");
        }
        return new YamlFieldMap(known);
    }
}
