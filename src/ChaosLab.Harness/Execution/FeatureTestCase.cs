namespace ChaosLab.Harness.Execution;

/// <summary>One NUnit test case produced from the feature catalog: a scenario, an example row, or an unparsable feature file.</summary>
public abstract class FeatureTestCase
{
    private protected FeatureTestCase(string name, string sourcePath, IReadOnlyList<string> categories, string? ignoreReason)
    {
        Name = name;
        SourcePath = sourcePath;
        Categories = categories;
        IgnoreReason = ignoreReason;
    }

    /// <summary>Generator-style test name, <c>Feature_title.Scenario_title</c>, unique within its catalog.</summary>
    public string Name { get; }

    /// <summary>The feature file, relative to the catalog root's parent (for example <c>features/etcd/quorum.feature</c>).</summary>
    public string SourcePath { get; }

    /// <summary>Feature, rule, scenario and examples tags without the '@'.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Why the case is not run (the <c>@ignore</c> tag), or null.</summary>
    public string? IgnoreReason { get; }

    public override string ToString() => Name;
}
