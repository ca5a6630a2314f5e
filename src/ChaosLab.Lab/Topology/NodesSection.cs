using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// The <c>nodes</c> field: node count per role and where each count was written.
/// <see cref="IsComplete"/> is false when a role or count could not be read; rules on counts are then skipped
/// rather than reporting follow-on problems of a typo.
/// </summary>
internal sealed record NodesSection(
    IReadOnlyDictionary<NodeRole, int> Counts,
    IReadOnlyDictionary<NodeRole, Mark> CountsAt,
    Mark At,
    bool IsComplete)
{
    private static readonly string AllowedRoles = string.Join(", ", Enum.GetValues<NodeRole>().Select(r => r.ToYaml()));

    public int Count(NodeRole role) => Counts.GetValueOrDefault(role);

    public long Total => Counts.Values.Sum(count => (long)count);

    /// <summary>Where the count of a role was written, or the <c>nodes</c> key when the role is not listed.</summary>
    public Mark CountAt(NodeRole role) => CountsAt.TryGetValue(role, out var at) ? at : At;

    public static NodesSection Read(YamlField? field, Mark rootAt, TopologyProblemCollector problems)
    {
        if (field is null)
        {
            problems.Add(rootAt, $"missing required field 'nodes' (role -> count; roles: {AllowedRoles})");
            return Unreadable(rootAt);
        }
        var mapping = YamlValues.AsMapping(field.Value, "nodes", $"a mapping of role to count (roles: {AllowedRoles})", problems);
        return mapping is null ? Unreadable(field.Key.Start) : ReadCounts(mapping, field.Key.Start, problems);
    }

    private static NodesSection ReadCounts(YamlMappingNode mapping, Mark at, TopologyProblemCollector problems)
    {
        var counts = new Dictionary<NodeRole, int>();
        var countsAt = new Dictionary<NodeRole, Mark>();
        var complete = true;
        foreach (var entry in YamlValues.Entries(mapping, problems))
        {
            if (!NodeRoleNames.TryParse(entry.Name, out var role))
            {
                problems.Add(entry.Key, $"unknown role '{entry.Name}'; allowed roles: {AllowedRoles}");
                complete = false;
                continue;
            }
            var count = YamlValues.AsCount(entry.Value, $"the {entry.Name} count", problems);
            if (count is null)
            {
                complete = false;
                continue;
            }
            counts[role] = count.Value;
            countsAt[role] = entry.Value.Start;
        }
        return new NodesSection(counts, countsAt, at, complete);
    }

    private static NodesSection Unreadable(Mark at) => new(new Dictionary<NodeRole, int>(), new Dictionary<NodeRole, Mark>(), at, false);
}
