using Reqnroll;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// A parsed feature file. Its <see cref="FeatureInfo"/> is shared by all of its cases: the runtime tells features apart by
/// reference, and the formatters find the file's Source, GherkinDocument and Pickles through it.
/// </summary>
public sealed class FeatureDocument
{
    internal FeatureDocument(string sourcePath, FeatureInfo featureInfo, FeatureMessages messages)
    {
        SourcePath = sourcePath;
        FeatureInfo = featureInfo;
        Messages = messages;
    }

    public string SourcePath { get; }

    public string Title => FeatureInfo.Title;

    public FeatureInfo FeatureInfo { get; }

    public FeatureMessages Messages { get; }

    public override string ToString() => SourcePath;
}
