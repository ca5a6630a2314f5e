using System.Text;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// The query of pods/NAME/attach (PodAttachOptions): container, stdin, stdout, stderr, tty. Passed to the kubelet under
/// its names (input, output, error, tty), as for exec; there is no command, the container's own process is attached.
/// </summary>
public sealed record PodAttachOptions(string? Container, bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    public static PodAttachOptions Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = new PodAttachOptions(
            QueryValues.Text(query, "container"),
            QueryValues.Flag(query, "stdin"),
            QueryValues.Flag(query, "stdout"),
            QueryValues.Flag(query, "stderr"),
            QueryValues.Flag(query, "tty"));
        if (!options.Stdin && !options.Stdout && !options.Stderr)
        {
            throw ApiException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        return options;
    }

    public string KubeletQuery()
    {
        var query = new StringBuilder();
        if (Stdin) query.Append("input=1&");
        if (Stdout) query.Append("output=1&");
        if (Stderr) query.Append("error=1&");
        if (Tty) query.Append("tty=1&");
        return query.ToString().TrimEnd('&');
    }
}
