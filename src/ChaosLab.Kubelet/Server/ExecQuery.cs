using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The kubelet's exec parameters, named as upstream's kubelet reads them: command (repeated, one per argv element),
/// input, output, error and tty as "1". A tty merges stderr into stdout, so error is dropped then.
/// </summary>
public sealed record ExecQuery(IReadOnlyList<string> Command, bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    public static ExecQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var command = query["command"].Where(c => c is not null).Select(c => c!).ToList();
        var tty = IsSet(query, "tty");
        var exec = new ExecQuery(command, IsSet(query, "input"), IsSet(query, "output"), IsSet(query, "error") && !tty, tty);
        if (command.Count == 0)
        {
            throw KubeletRequestException.BadRequest("you must specify at least 1 command");
        }
        if (!exec.Stdin && !exec.Stdout && !exec.Stderr)
        {
            throw KubeletRequestException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        return exec;
    }

    /// <summary>The streams the runtime is asked for; the CRI request and the bridge must agree on them.</summary>
    public StreamSelection Streams => new(Stdin, Stdout, Stderr && !Tty, Tty);

    internal static bool IsSet(IQueryCollection query, string name) => query[name].FirstOrDefault() is "1" or "true";
}
