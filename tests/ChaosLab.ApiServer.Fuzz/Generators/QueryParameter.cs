namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>One query parameter as generated: its value, and whether upstream would refuse that value where it is read.</summary>
public sealed record QueryParameter(string Name, string Value, bool Garbage)
{
    public override string ToString() => $"{Name}={Uri.EscapeDataString(Value)}";
}
