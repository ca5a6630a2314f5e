using System.Net;
using System.Net.Sockets;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// The <c>network</c> field as written, defaults filled in. A null subnet or prefix could not be read
/// (or, for <see cref="NodeSubnet"/>, was not given); rules involving it are skipped.
/// </summary>
internal sealed record NetworkSection(
    Located<IPNetwork>? NodeSubnet,
    Located<IPNetwork>? PodSubnet,
    Located<IPNetwork>? ServiceSubnet,
    Located<int>? NodePodCidrPrefix)
{
    private static readonly string[] Fields = ["nodeSubnet", "podSubnet", "serviceSubnet", "nodePodCidrPrefix"];

    public static readonly NetworkSection Default = new(
        null,
        new Located<IPNetwork>(NetworkSpec.DefaultPodSubnet, null),
        new Located<IPNetwork>(NetworkSpec.DefaultServiceSubnet, null),
        new Located<int>(NetworkSpec.DefaultNodePodCidrPrefix, null));

    public NetworkSpec ToSpec() => new(
        NodeSubnet?.Value,
        PodSubnet?.Value ?? NetworkSpec.DefaultPodSubnet,
        ServiceSubnet?.Value ?? NetworkSpec.DefaultServiceSubnet,
        NodePodCidrPrefix?.Value ?? NetworkSpec.DefaultNodePodCidrPrefix);

    public static NetworkSection Read(YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
            return Default;
        var mapping = YamlValues.AsMapping(
            field.Value, "network", $"a mapping with any of {string.Join(", ", Fields)}", problems);
        if (mapping is null)
            return new NetworkSection(null, null, null, null);

        var fields = YamlFieldMap.Read(mapping, "in network", Fields, problems);
        return new NetworkSection(
            ReadSubnet(fields["nodeSubnet"], Default.NodeSubnet, problems),
            ReadSubnet(fields["podSubnet"], Default.PodSubnet, problems),
            ReadSubnet(fields["serviceSubnet"], Default.ServiceSubnet, problems),
            ReadPrefix(fields["nodePodCidrPrefix"], problems));
    }

    private static Located<IPNetwork>? ReadSubnet(YamlField? field, Located<IPNetwork>? fallback, TopologyProblemCollector problems)
    {
        if (field is null)
            return fallback;
        var text = YamlValues.AsText(field.Value, $"network.{field.Name}", problems);
        if (text is null)
            return null;
        if (!IPNetwork.TryParse(text, out var subnet))
        {
            problems.Add(field.Value,
                $"network.{field.Name} '{text}' is not a subnet; write address/prefix with the host bits zero, e.g. 10.244.0.0/16");
            return null;
        }
        if (HasHostBits(text, subnet))
        {
            problems.Add(field.Value, $"network.{field.Name} '{text}' has host bits set; did you mean {subnet}?");
            return null;
        }
        if (subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            problems.Add(field.Value, $"network.{field.Name} {subnet} is not IPv4; the lab network is IPv4 only");
            return null;
        }
        return new Located<IPNetwork>(subnet, field.Value.Start);
    }

    // IPNetwork.TryParse silently clears host bits, which would hide a typo such as 10.96.0.1/16.
    private static bool HasHostBits(string text, IPNetwork subnet) =>
        !IPAddress.Parse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal))).Equals(subnet.BaseAddress);

    private static Located<int>? ReadPrefix(YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
            return Default.NodePodCidrPrefix;
        var prefix = YamlValues.AsCount(field.Value, "network.nodePodCidrPrefix", problems);
        return prefix is null ? null : new Located<int>(prefix.Value, field.Value.Start);
    }
}
