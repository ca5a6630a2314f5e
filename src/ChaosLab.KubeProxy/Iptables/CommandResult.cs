namespace ChaosLab.KubeProxy.Iptables;

/// <summary>What a finished command left: the command line, its exit code and both output streams.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
