using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The kubelet's attach parameters, named as for exec (input, output, error, tty as "1"), without a command. Whether
/// there is a terminal is not the client's to choose: as upstream's kubelet does, the container's spec decides,
/// since a running process cannot gain or lose its tty. A tty merges stderr into stdout.
/// </summary>
public sealed record AttachQuery(bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    public static AttachQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var attach = new AttachQuery(ExecQuery.IsSet(query, "input"), ExecQuery.IsSet(query, "output"), ExecQuery.IsSet(query, "error"), ExecQuery.IsSet(query, "tty"));
        if (!attach.Stdin && !attach.Stdout && !attach.Stderr)
        {
            throw KubeletRequestException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        return attach;
    }

    /// <summary>The streams asked of the runtime for a container whose spec has (or has not) a tty.</summary>
    public StreamSelection Streams(bool containerTty) => new(Stdin, Stdout, Stderr && !containerTty, containerTty);
}
