using System.Reflection;

namespace ChaosLab.Lab;

/// <summary>Files of the repository the lab was built from (topologies, features).</summary>
public static class RepositoryFiles
{
    public static string Root =>
        typeof(LabController).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "ChaosLab.RepositoryRoot").Value!;

    public static string DefaultTopology => Topology("single");

    public static string Topology(string name) => Path.GetFullPath(Path.Combine(Root, "topologies", name + ".yaml"));

    /// <summary>
    /// What `-t` names: an existing file as given, else a bare name of a bundled topology (`ha` →
    /// topologies/ha.yaml). Anything else is returned unchanged, for the loader to report as not found.
    /// </summary>
    public static string ResolveTopology(string fileOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrName);
        if (File.Exists(fileOrName) || fileOrName.Contains('/', StringComparison.Ordinal) || fileOrName.EndsWith(".yaml", StringComparison.Ordinal))
        {
            return fileOrName;
        }
        var bundled = Topology(fileOrName);
        return File.Exists(bundled) ? bundled : fileOrName;
    }
}
