using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Network.Commands;

/// <summary>Runs a host tool (iproute2, iptables, nsenter) to completion and captures its output.</summary>
public static class HostCommand
{
    /// <summary>Runs the command; a non-zero exit is returned, not thrown.</summary>
    public static Task<CommandOutput> TryRunAsync(string program, IReadOnlyList<string> args, CancellationToken ct = default) =>
        TryRunAsync(program, args, stdin: null, ct);

    /// <summary>Runs the command with <paramref name="stdin"/> as its input; a non-zero exit is returned, not thrown.</summary>
    public static async Task<CommandOutput> TryRunAsync(string program, IReadOnlyList<string> args, string? stdin, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = string.Join(' ', [program, .. args]);
        try
        {
            var command = Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None);
            if (stdin is not null)
            {
                command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
            }
            var result = await command.ExecuteBufferedAsync(ct);
            return new CommandOutput(line, result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new NetworkPluginException($"cannot run `{line}`: {ex.Message} (is {program} installed and on PATH?)", ex);
        }
    }

    /// <summary>Runs the command; a non-zero exit throws <see cref="CommandFailedException"/> saying what was being done.</summary>
    public static async Task<CommandOutput> RunAsync(string what, string program, IReadOnlyList<string> args, CancellationToken ct = default)
    {
        var output = await TryRunAsync(program, args, stdin: null, ct);
        return output.Succeeded ? output : throw new CommandFailedException(what, output);
    }
}
