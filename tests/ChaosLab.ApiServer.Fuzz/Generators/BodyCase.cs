namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>A generated request body: its text and content type, whether it is invalid by construction, and what it is.</summary>
public sealed record BodyCase(string Text, string ContentType, bool Invalid, string Case)
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
}
