namespace ChaosLab.ApiServer.Http;

/// <summary>What a <see cref="YamlValue"/> is.</summary>
internal enum YamlValueKind
{
    Scalar,
    Sequence,
    Mapping,
}
