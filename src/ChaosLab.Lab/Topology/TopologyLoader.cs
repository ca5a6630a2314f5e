using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// Reads a topology file (topologies/*.yaml) into a validated <see cref="TopologySpec"/>.
/// Every problem in the file is reported at once in a <see cref="TopologyException"/>, each with file, line and column.
/// <para>The format:</para>
/// <code>
/// name: ha                 # required; lowercase letters, digits and '-', starting and ending with a letter or digit;
///                          # at most 20 characters (it is part of container names)
/// profile: fast            # fast | kubernetes (default fast); see TimingProfile
/// nodes:                   # required; role -> count. Roles: control-plane, worker, etcd, lb
///   control-plane: 3       # at least 1; more than 1 needs an lb node
///   worker: 3
///   lb: 1                  # 0 or 1
/// etcd:                    # optional
///   layout: stacked        # stacked: one member per control-plane node, no etcd nodes allowed (default)
///                          # external: one member per etcd node, at least one etcd node required
///   members: 3             # optional; if given must equal the member count the layout makes.
///                          # The member count must be odd: an even count tolerates no more failures than one fewer.
/// network:                 # all optional; node, pod and service subnets must not overlap
///   nodeSubnet: 172.30.7.0/24   # IPv4, room for the nodes + the gateway; omitted = picked at up from a free pool
///   podSubnet: 10.244.0.0/16    # default NetworkSpec.DefaultPodSubnet
///   serviceSubnet: 10.96.0.0/16 # default NetworkSpec.DefaultServiceSubnet
///   nodePodCidrPrefix: 24       # prefix of each node's podCIDR carved out of podSubnet; default 24;
///                               # longer than podSubnet's prefix, at most 28, room for one podCIDR per node
/// components:              # optional; component -> command run in place of the bundled one
///   kube-scheduler:        # one of ComponentNames.All
///     command: /opt/bin/kube-scheduler   # required, not empty
///     args: ["--v=2"]                    # optional list of strings
/// </code>
/// Unknown fields are rejected at every level.
/// </summary>
public static class TopologyLoader
{
    public static TopologySpec Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(ReadFile(path), path);
    }

    public static TopologySpec Parse(string yamlText, string sourceFile)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceFile);
        var problems = new TopologyProblemCollector(sourceFile);
        var root = ReadRootMapping(yamlText, problems);
        var spec = root is null ? null : new TopologyReader(sourceFile, problems).Read(root);
        if (spec is null || problems.Any)
            throw problems.ToException();
        return spec;
    }

    private static string ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            // Reading a folder fails with "Access denied" on Linux, which sends people to check permissions.
            throw new TopologyException(new TopologyProblem(path, 0, 0, "is a folder, not a topology file; name a .yaml file in it"));
        }
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TopologyException(new TopologyProblem(path, 0, 0, "file not found"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TopologyException(new TopologyProblem(path, 0, 0, $"cannot read file: {e.Message}"));
        }
    }

    private static YamlMappingNode? ReadRootMapping(string yamlText, TopologyProblemCollector problems)
    {
        var documents = LoadDocuments(yamlText, problems);
        if (documents is null)
            return null;
        if (documents.Count == 0 || YamlValues.IsEmpty(documents[0].RootNode))
        {
            problems.Add(Mark.Empty, "file is empty; a topology needs at least 'name' and 'nodes'");
            return null;
        }
        if (documents.Count > 1)
            problems.Add(documents[1].RootNode, "only one YAML document is allowed in a topology file");
        return YamlValues.AsMapping(
            documents[0].RootNode, "the topology", "a mapping of fields (name, profile, nodes, etcd, network, components)", problems);
    }

    private static IList<YamlDocument>? LoadDocuments(string yamlText, TopologyProblemCollector problems)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yamlText));
        try
        {
            stream.Load(new LimitedYamlParser(new Parser(scanner)));
            return stream.Documents;
        }
        catch (YamlLimitException e)
        {
            problems.Add(e.Start, e.Message);
            return null;
        }
        catch (YamlException e)
        {
            problems.Add(e.Start, $"YAML syntax error: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these instead of a YamlException on some malformed input (e.g. an unclosed [ list).
            problems.Add(scanner.CurrentPosition, $"YAML syntax error near here; the YAML parser stopped with: {e.Message}");
            return null;
        }
    }
}
