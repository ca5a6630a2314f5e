using System.Text;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// One generated request. <see cref="KnownInvalid"/> is set by the generator when it built the request to be
/// wrong (a field of the wrong type, a selector that does not parse, ...): the server must then refuse it.
/// <see cref="Case"/> names what the generator made, for the statistics and the failure message.
/// </summary>
public sealed record FuzzRequest(string Method, string Path, string? ContentType, string? Body, bool KnownInvalid, string Case)
{
    /// <summary>How much of a body a failure message shows: its start and its end, with the middle left out.</summary>
    private const int HeadChars = 600;
    private const int TailChars = 200;

    /// <summary>A watch answers 200 and then streams; only its status line is read.</summary>
    public bool IsWatch =>
        Method == "GET" && Path.Split('?', 2) is [_, var query] && query.Split('&').Any(p => p is "watch=true" or "watch=1" or "watch=True");

    public FuzzRequest MarkInvalid(bool invalid, string why) => invalid ? this with { KnownInvalid = true, Case = $"{Case}; {why}" } : this;

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append(Method).Append(' ').Append(Path)
            .Append(ContentType is null ? "" : $" [{ContentType}]")
            .Append(KnownInvalid ? " (invalid by construction)" : "")
            .Append(" — ").Append(Case);
        if (Body is not null)
        {
            text.AppendLine().Append($"body ({Body.Length} chars): ").Append(Shorten(Body));
        }
        return text.ToString();
    }

    /// <summary>The body as a message can show it: control characters escaped, the middle of a long one left out.</summary>
    public static string Shorten(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var shown = body.Length <= HeadChars + TailChars
            ? body
            : $"{body[..HeadChars]}…[{body.Length - HeadChars - TailChars} chars left out]…{body[^TailChars..]}";
        var escaped = new StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            escaped.Append(char.IsControl(c) && c is not '\n' ? $"\\u{(int)c:x4}" : c);
        }
        return escaped.ToString();
    }
}
