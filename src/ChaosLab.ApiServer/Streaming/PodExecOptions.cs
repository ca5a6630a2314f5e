using System.Text;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// The query of pods/NAME/exec (PodExecOptions): container, command (repeated: one argv element each, no shell),
/// stdin, stdout, stderr, tty. Passed to the kubelet under upstream's kubelet names: input, output, error, tty.
/// </summary>
public sealed record PodExecOptions(string? Container, IReadOnlyList<string> Command, bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    public static PodExecOptions Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = new PodExecOptions(
            QueryValues.Text(query, "container"),
            query["command"].Where(c => c is not null).Select(c => c!).ToList(),
            QueryValues.Flag(query, "stdin"),
            QueryValues.Flag(query, "stdout"),
            QueryValues.Flag(query, "stderr"),
            QueryValues.Flag(query, "tty"));
        if (options.Command.Count == 0)
        {
            throw ApiException.BadRequest("you must specify at least 1 command");
        }
        if (!options.Stdin && !options.Stdout && !options.Stderr)
        {
            throw ApiException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        return options;
    }

    public string KubeletQuery()
    {
        var query = new StringBuilder();
        foreach (var word in Command)
        {
            query.Append("command=").Append(Uri.EscapeDataString(word)).Append('&');
        }
        if (Stdin) query.Append("input=1&");
        if (Stdout) query.Append("output=1&");
        if (Stderr) query.Append("error=1&");
        if (Tty) query.Append("tty=1&");
        return query.ToString().TrimEnd('&');
    }
}
