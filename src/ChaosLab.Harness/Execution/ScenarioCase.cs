using System.Collections.Specialized;
using Reqnroll;

namespace ChaosLab.Harness.Execution;

/// <summary>A scenario, or one example row of a scenario outline, ready to be driven through the Reqnroll runtime.</summary>
public sealed class ScenarioCase : FeatureTestCase
{
    internal ScenarioCase(
        string name,
        FeatureDocument feature,
        IReadOnlyList<string> categories,
        string? ignoreReason,
        string title,
        string description,
        IReadOnlyList<string> tags,
        IReadOnlyList<string> inheritedTags,
        IReadOnlyList<KeyValuePair<string, string>> arguments,
        RuleInfo? rule,
        int pickleIndex,
        int line,
        IReadOnlyList<ScenarioStep> steps)
        : base(name, feature.SourcePath, categories, ignoreReason)
    {
        Feature = feature;
        Title = title;
        Description = description;
        Tags = tags;
        InheritedTags = inheritedTags;
        Arguments = arguments;
        Rule = rule;
        PickleIndex = pickleIndex;
        Line = line;
        Steps = steps;
    }

    public FeatureDocument Feature { get; }

    /// <summary>The scenario title as written (an outline keeps its placeholders, as in Reqnroll's generated code).</summary>
    public string Title { get; }

    public string Description { get; }

    /// <summary>Scenario and examples tags, without '@'.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Feature and rule tags, without '@'.</summary>
    public IReadOnlyList<string> InheritedTags { get; }

    /// <summary>The example row's values by column header; empty for a plain scenario.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Arguments { get; }

    public RuleInfo? Rule { get; }

    /// <summary>Position of this case's pickle in the feature's pickle list: how the formatters find it.</summary>
    public int PickleIndex { get; }

    /// <summary>Line of the scenario (or of the example row) in the feature file.</summary>
    public int Line { get; }

    /// <summary>Background, rule background and scenario steps in execution order; one per pickle step.</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; }

    /// <summary>A fresh <see cref="ScenarioInfo"/>: the runtime keeps per-execution state in it.</summary>
    public ScenarioInfo CreateScenarioInfo()
    {
        var arguments = new OrderedDictionary();
        foreach (var (header, value) in Arguments)
            arguments[header] = value;
        return new ScenarioInfo(
            Title,
            Description,
            [.. Tags],
            arguments,
            [.. InheritedTags],
            PickleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
