namespace ChaosLab.KubeProxy.Iptables;

/// <summary>An iptables command failed; the message names the command, its exit code and stderr.</summary>
public sealed class IptablesException : Exception
{
    public IptablesException()
    {
    }

    public IptablesException(string message)
        : base(message)
    {
    }

    public IptablesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IptablesException(string what, CommandResult result)
        : base($"{what}: `{result?.CommandLine}` exited with {result?.ExitCode}: {Describe(result)}")
    {
        Result = result;
    }

    public CommandResult? Result { get; }

    private static string Describe(CommandResult? result)
    {
        var text = result is null ? "" : (result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout).Trim();
        return text.Length == 0 ? "(no output)" : text;
    }
}
