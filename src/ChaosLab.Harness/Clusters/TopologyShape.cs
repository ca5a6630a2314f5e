using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Harness.Clusters;

/// <summary>Whether a lab has the nodes a bundled topology names (a scenario for "ha" needs three control planes and an lb).</summary>
public static class TopologyShape
{
    /// <summary>Null when <paramref name="lab"/> has at least as many nodes of each role as the topology, else what it lacks.</summary>
    public static string? Missing(string topology, LabState lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var wanted = LabController.LoadTopology(RepositoryFiles.Topology(topology));
        var has = lab.LabNodes().GroupBy(n => n.Role).ToDictionary(g => g.Key, g => g.Count());
        var lacking = wanted.NodeCounts
            .Where(c => c.Value > has.GetValueOrDefault(c.Key))
            .Select(c => $"{c.Value - has.GetValueOrDefault(c.Key)} {c.Key.ToYaml()} node(s)")
            .ToList();
        return lacking.Count == 0 ? null : string.Join(", ", lacking);
    }
}
