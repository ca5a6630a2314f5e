namespace ChaosLab.Harness.Tests.Bindings;

/// <summary>A plain object Reqnroll injects into every binding of one scenario: proves context injection.</summary>
public sealed class Calculator
{
    public List<int> Entered { get; } = [];

    public int Result { get; set; }

    public string Display { get; set; } = "";

    public bool PreparedByHook { get; set; }
}
