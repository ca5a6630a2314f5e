namespace ChaosLab.Network.Cni;

/// <summary>
/// What one plugin call leaves: the process's exit code, its stdout (a result, a version result, an
/// error result, or nothing) and one line for stderr, the plugin's log.
/// </summary>
public sealed record CniOutcome(int ExitCode, string Stdout, string Log)
{
    public bool Succeeded => ExitCode == 0;
}
