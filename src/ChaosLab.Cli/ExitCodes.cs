namespace ChaosLab.Cli;

/// <summary>Exit codes scripts can rely on (documented in README).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked; for `status`, the lab is healthy.</summary>
    public const int Ok = 0;

    /// <summary>The operation failed (or `status` found the lab unhealthy).</summary>
    public const int Failed = 1;

    /// <summary>Invalid input: flags, topology file, lab name.</summary>
    public const int InvalidInput = 2;

    /// <summary>The named lab does not exist.</summary>
    public const int NoSuchLab = 3;

    /// <summary>Interrupted with Ctrl-C (after cleaning up).</summary>
    public const int Interrupted = 130;
}
