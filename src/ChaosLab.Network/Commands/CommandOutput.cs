namespace ChaosLab.Network.Commands;

/// <summary>What a finished command left: its exit code and both output streams.</summary>
public sealed record CommandOutput(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
