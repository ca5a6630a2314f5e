using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>One entry of a YAML mapping whose key is text.</summary>
internal sealed record YamlField(string Name, YamlScalarNode Key, YamlNode Value);
