using Gherkin.CucumberMessages;

namespace ChaosLab.Harness.Execution;

/// <summary>Every <c>*.feature</c> file under a root folder, parsed into test cases.</summary>
public sealed class FeatureCatalog
{
    private FeatureCatalog(string rootFolder, IReadOnlyList<FeatureDocument> features, IReadOnlyList<FeatureTestCase> cases)
    {
        RootFolder = rootFolder;
        Features = features;
        Cases = cases;
    }

    /// <summary>The absolute root folder that was scanned.</summary>
    public string RootFolder { get; }

    /// <summary>The feature files that parsed.</summary>
    public IReadOnlyList<FeatureDocument> Features { get; }

    /// <summary>One case per scenario and per example row, plus one per feature file with a syntax error; in file and document order.</summary>
    public IReadOnlyList<FeatureTestCase> Cases { get; }

    /// <summary>
    /// Loads the catalog. A relative <paramref name="rootFolder"/> is taken from the test output folder, where the test project
    /// copies its features; a missing folder gives an empty catalog.
    /// </summary>
    public static FeatureCatalog Load(string rootFolder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFolder, AppContext.BaseDirectory));
        if (!Directory.Exists(root))
            return new FeatureCatalog(root, [], []);

        // Source paths start with the root folder's own name (features/etcd/quorum.feature), as in the repository.
        var sourceBase = Path.GetDirectoryName(root) ?? root;
        // Pickle and AST ids must be unique across features and across catalogs that share one test run.
        var loader = new FeatureFileLoader(new GuidIdGenerator(), new TestNameRegistry());
        var features = new List<FeatureDocument>();
        var cases = new List<FeatureTestCase>();
        var files = Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var sourcePath = Path.GetRelativePath(sourceBase, file).Replace(Path.DirectorySeparatorChar, '/');
            var (feature, featureCases) = loader.Load(file, sourcePath);
            if (feature is not null)
                features.Add(feature);
            cases.AddRange(featureCases);
        }

        return new FeatureCatalog(root, features, cases);
    }
}
