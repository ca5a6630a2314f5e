using YamlDotNet.Core;

namespace ChaosLab.Lab.Topology;

/// <summary>A value read from a topology file and where it was written; <see cref="At"/> is null for a default.</summary>
internal sealed record Located<T>(T Value, Mark? At);
