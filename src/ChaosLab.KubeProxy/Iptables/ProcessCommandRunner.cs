using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.KubeProxy.Iptables;

/// <summary>
/// Runs commands as child processes. With a <paramref name="prefix"/> (e.g. <c>docker exec -i node</c>)
/// every command runs through it, so the same iptables code can drive another network namespace.
/// </summary>
public sealed class ProcessCommandRunner(IReadOnlyList<string>? prefix = null) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> args, string? stdin = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(args);
        IReadOnlyList<string> full = prefix is { Count: > 0 } ? [.. prefix, program, .. args] : [program, .. args];
        var line = string.Join(' ', full);
        var command = Cli.Wrap(full[0]).WithArguments(full.Skip(1)).WithValidation(CommandResultValidation.None);
        if (stdin is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        }
        try
        {
            var result = await command.ExecuteBufferedAsync(ct);
            return new CommandResult(line, result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new IptablesException($"cannot run `{line}`: {ex.Message} (is {full[0]} installed and on PATH?)", ex);
        }
    }
}
