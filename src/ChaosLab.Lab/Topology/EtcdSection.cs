using YamlDotNet.Core;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// The <c>etcd</c> field as written. <see cref="Layout"/> is null when it could not be read;
/// <see cref="Members"/> is null when not given (or unreadable).
/// </summary>
internal sealed record EtcdSection(EtcdLayout? Layout, Mark? LayoutAt, int? Members, Mark? MembersAt)
{
    private static readonly string[] Fields = ["layout", "members"];
    private const string AllowedLayouts = "stacked (one member per control-plane node), external (one member per etcd node)";

    public static readonly EtcdSection Default = new(EtcdLayout.Stacked, null, null, null);

    public static EtcdSection Read(YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
            return Default;
        var mapping = YamlValues.AsMapping(field.Value, "etcd", "a mapping with layout and members", problems);
        if (mapping is null)
            return new EtcdSection(null, null, null, null);

        var fields = YamlFieldMap.Read(mapping, "in etcd", Fields, problems);
        var members = fields["members"];
        return new EtcdSection(
            ReadLayout(fields["layout"], problems),
            fields["layout"]?.Value.Start,
            members is null ? null : YamlValues.AsCount(members.Value, "etcd.members", problems),
            members?.Value.Start);
    }

    private static EtcdLayout? ReadLayout(YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
            return EtcdLayout.Stacked;
        var text = YamlValues.AsText(field.Value, "etcd.layout", problems);
        switch (text)
        {
            case null:
                return null;
            case "stacked":
                return EtcdLayout.Stacked;
            case "external":
                return EtcdLayout.External;
            default:
                problems.Add(field.Value, $"unknown etcd layout '{text}'; allowed: {AllowedLayouts}");
                return null;
        }
    }
}
