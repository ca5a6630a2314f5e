using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// Maps the top-level YAML mapping of a topology file onto a <see cref="TopologySpec"/>, reporting every problem.
/// The returned spec is only meaningful when no problem was reported.
/// </summary>
internal sealed class TopologyReader(string sourceFile, TopologyProblemCollector problems)
{
    private const int MaxNameLength = 20;
    private static readonly string[] Fields = ["name", "profile", "nodes", "etcd", "network", "components", "images"];

    public TopologySpec Read(YamlMappingNode root)
    {
        var fields = YamlFieldMap.Read(root, "at the top level", Fields, problems);
        var name = ReadName(fields["name"], root.Start);
        var profile = ReadProfile(fields["profile"]);
        var nodes = NodesSection.Read(fields["nodes"], root.Start, problems);
        var etcd = EtcdSection.Read(fields["etcd"], problems);
        var network = NetworkSection.Read(fields["network"], problems);
        var mutants = new Dictionary<string, string>(StringComparer.Ordinal);
        var components = ComponentsSection.Read(fields["components"], problems, mutants);
        var images = ImagesSection.Read(fields["images"], problems);

        NodeCountRules.Check(nodes, problems);
        var etcdSpec = EtcdRules.Check(nodes, etcd, problems);
        NetworkRules.Check(network, nodes, problems);
        return new TopologySpec(name, sourceFile, nodes.Counts, etcdSpec, profile, network.ToSpec(), components, images, mutants);
    }

    private string ReadName(YamlField? field, Mark rootAt)
    {
        const string allowed = "lowercase letters, digits and '-', starting and ending with a letter or digit";
        if (field is null)
        {
            problems.Add(rootAt, $"missing required field 'name' ({allowed}; at most {MaxNameLength} characters)");
            return "";
        }
        var name = YamlValues.AsText(field.Value, "name", problems);
        if (name is null)
            return "";
        if (name.Length > MaxNameLength)
            problems.Add(field.Value, $"name '{name}' has {name.Length} characters; at most {MaxNameLength} are allowed because it is part of container names");
        else if (!IsValidName(name))
            problems.Add(field.Value, $"name '{name}' is invalid; use {allowed}");
        return name;
    }

    private static bool IsValidName(string name) =>
        name.Length > 0
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && name[0] != '-'
        && name[^1] != '-';

    private TimingProfile ReadProfile(YamlField? field)
    {
        if (field is null)
            return TimingProfile.Fast;
        var text = YamlValues.AsText(field.Value, "profile", problems);
        if (text is null)
            return TimingProfile.Fast;
        if (TimingProfile.Find(text) is { } profile)
            return profile;
        problems.Add(field.Value, $"unknown profile '{text}'; allowed: {string.Join(", ", TimingProfile.All.Select(p => p.Name))}");
        return TimingProfile.Fast;
    }
}
