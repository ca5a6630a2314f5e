namespace ChaosLab.TestSupport;

/// <summary>Paths in the repository the tests run from: found by walking up to ChaosLab.sln.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A bundled topology file by name ("single" → topologies/single.yaml).</summary>
    public static string Topology(string name) => Path.Combine(RepositoryRoot, "topologies", name + ".yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChaosLab.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No ChaosLab.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
