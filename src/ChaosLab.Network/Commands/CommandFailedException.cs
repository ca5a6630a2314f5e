namespace ChaosLab.Network.Commands;

/// <summary>A host command (ip, iptables, nsenter) exited non-zero; the message names the command, exit code and stderr.</summary>
public sealed class CommandFailedException : NetworkPluginException
{
    public CommandFailedException()
    {
    }

    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandFailedException(string what, CommandOutput output)
        : base($"{what}: `{output?.CommandLine}` exited with {output?.ExitCode}: {Describe(output)}")
    {
        Output = output;
    }

    public CommandOutput? Output { get; }

    private static string Describe(CommandOutput? output)
    {
        var text = output is null ? "" : (output.Stderr.Trim().Length > 0 ? output.Stderr : output.Stdout).Trim();
        return text.Length == 0 ? "(no output)" : text;
    }
}
