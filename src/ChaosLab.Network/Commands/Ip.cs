namespace ChaosLab.Network.Commands;

/// <summary>iproute2's `ip`, on the node or inside a pod's network namespace (through nsenter, so any
/// namespace path works, not only names under /run/netns).</summary>
public static class Ip
{
    public static Task<CommandOutput> RunAsync(string what, IReadOnlyList<string> args, CancellationToken ct = default) =>
        HostCommand.RunAsync(what, "ip", args, ct);

    public static Task<CommandOutput> TryAsync(IReadOnlyList<string> args, CancellationToken ct = default) =>
        HostCommand.TryRunAsync("ip", args, ct);

    public static Task<CommandOutput> InNetnsAsync(string what, string netnsPath, IReadOnlyList<string> args, CancellationToken ct = default) =>
        HostCommand.RunAsync(what, "nsenter", NsenterArgs(netnsPath, args), ct);

    public static Task<CommandOutput> TryInNetnsAsync(string netnsPath, IReadOnlyList<string> args, CancellationToken ct = default) =>
        HostCommand.TryRunAsync("nsenter", NsenterArgs(netnsPath, args), ct);

    /// <summary>
    /// Several `ip` commands in one process (`ip -batch -`, one command per line, stopping at the first
    /// failure), on the node or, with <paramref name="netnsPath"/>, inside that namespace.
    /// </summary>
    public static async Task<CommandOutput> BatchAsync(string what, string? netnsPath, IReadOnlyList<IReadOnlyList<string>> commands, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var script = string.Concat(commands.Select(c => string.Join(' ', c.Select(QuoteForBatch)) + "\n"));
        var output = netnsPath is null
            ? await HostCommand.TryRunAsync("ip", ["-batch", "-"], script, ct)
            : await HostCommand.TryRunAsync("nsenter", NsenterArgs(netnsPath, ["-batch", "-"]), script, ct);
        return output.Succeeded ? output : throw new CommandFailedException(what, output);
    }

    /// <summary>Batch lines split on blanks and honour double quotes; every word here is a plain token.</summary>
    private static string QuoteForBatch(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or ':' or '-' or '_' or '@')
            ? word
            : throw new ArgumentException($"'{word}' is not a word `ip -batch` takes as is", nameof(word));

    private static string[] NsenterArgs(string netnsPath, IReadOnlyList<string> args) => ["--net=" + netnsPath, "ip", .. args];
}
