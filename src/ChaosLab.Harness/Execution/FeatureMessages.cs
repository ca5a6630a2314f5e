using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace ChaosLab.Harness.Execution;

/// <summary>The static Cucumber messages of one feature file, built at load time instead of being embedded by a generator.</summary>
public sealed class FeatureMessages : IFeatureLevelCucumberMessages
{
    internal FeatureMessages(Source source, GherkinDocument gherkinDocument, IReadOnlyList<Pickle> pickles)
    {
        Source = source;
        GherkinDocument = gherkinDocument;
        Pickles = pickles;
    }

    public bool HasMessages => true;

    public Source Source { get; }

    public GherkinDocument GherkinDocument { get; }

    public IEnumerable<Pickle> Pickles { get; }
}
