using ChaosLab.Cri.V1;

namespace ChaosLab.Cri.Streaming;

/// <summary>A terminal's size in character cells, as the resize stream carries it.</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height);

/// <summary>
/// What a remote command (exec or attach) is wired to. Each non-null stream becomes a SPDY stream; the CRI
/// request that produced the URL must ask for the same ones (<see cref="ToExecRequest"/>,
/// <see cref="ToAttachRequest"/>), because the server waits for exactly the streams it was told about.
/// </summary>
public sealed record RemoteCommandStreams
{
    /// <summary>Sent to the command; its end half-closes the command's stdin (the command sees EOF).</summary>
    public Stream? Stdin { get; init; }

    public Stream? Stdout { get; init; }

    /// <summary>Must be null with <see cref="Tty"/>: a terminal merges stderr into stdout.</summary>
    public Stream? Stderr { get; init; }

    public bool Tty { get; init; }

    /// <summary>Terminal sizes, sent on the resize stream as they come (tty only). The first is the initial size.</summary>
    public IAsyncEnumerable<TerminalSize>? Resize { get; init; }

    public void Validate()
    {
        if (Stdin is null && Stdout is null && Stderr is null)
        {
            throw new ArgumentException("a remote command needs at least one of stdin, stdout and stderr");
        }
        if (Tty && Stderr is not null)
        {
            throw new ArgumentException("with a tty, stderr is part of stdout: leave Stderr null");
        }
        if (!Tty && Resize is not null)
        {
            throw new ArgumentException("terminal resizes need a tty");
        }
    }

    public ExecRequest ToExecRequest(string containerId, IEnumerable<string> command)
    {
        Validate();
        var request = new ExecRequest
        {
            ContainerId = containerId,
            Tty = Tty,
            Stdin = Stdin is not null,
            Stdout = Stdout is not null,
            Stderr = Stderr is not null,
        };
        request.Cmd.AddRange(command);
        return request;
    }

    public AttachRequest ToAttachRequest(string containerId)
    {
        Validate();
        return new AttachRequest
        {
            ContainerId = containerId,
            Tty = Tty,
            Stdin = Stdin is not null,
            Stdout = Stdout is not null,
            Stderr = Stderr is not null,
        };
    }
}
