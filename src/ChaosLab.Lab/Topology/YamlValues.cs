using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// Typed reads of YAML nodes. Each read that fails reports a problem at the node and returns null,
/// so that the caller can go on and find the file's other problems.
/// </summary>
internal static class YamlValues
{
    /// <summary>The entries of a mapping whose keys are text; other keys are reported.</summary>
    public static IEnumerable<YamlField> Entries(YamlMappingNode mapping, TopologyProblemCollector problems)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode scalarKey)
                yield return new YamlField(scalarKey.Value ?? "", scalarKey, value);
            else
                problems.Add(key, $"keys must be plain names, found {Describe(key)}");
        }
    }

    /// <param name="what">What the value is, for messages: "nodes", "etcd.members".</param>
    /// <param name="expected">What is allowed, for messages: "a mapping of role to count".</param>
    public static YamlMappingNode? AsMapping(YamlNode node, string what, string expected, TopologyProblemCollector problems)
    {
        if (node is YamlMappingNode mapping)
            return mapping;
        problems.Add(node, $"{what} must be {expected}, found {Describe(node)}");
        return null;
    }

    public static string? AsText(YamlNode node, string what, TopologyProblemCollector problems)
    {
        if (node is YamlScalarNode scalar && !IsEmpty(node))
            return scalar.Value ?? "";
        problems.Add(node, $"{what} must be a single value, found {Describe(node)}");
        return null;
    }

    public static int? AsCount(YamlNode node, string what, TopologyProblemCollector problems)
    {
        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }
        problems.Add(node, $"{what} must be a non-negative integer, found {Describe(node)}");
        return null;
    }

    /// <summary>A plain empty value or YAML null (<c>key:</c>, <c>~</c>, <c>null</c>).</summary>
    public static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsEmpty(node) => "an empty value",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an unsupported YAML node",
    };
}
