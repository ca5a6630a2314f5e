using YamlDotNet.Core;

namespace ChaosLab.Lab.Topology;

/// <summary>A topology file that is valid YAML but nests too deeply or aliases too much to be read safely.</summary>
internal sealed class YamlLimitException(Mark at, string reason) : YamlException(at, at, reason);
