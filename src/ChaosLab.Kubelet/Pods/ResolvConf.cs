namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// A resolver configuration as resolv.conf(5) holds it: nameservers, search domains and options. Parsed from the
/// node's file (for dnsPolicy Default) and rendered for reading back what a pod got.
/// </summary>
public sealed record ResolvConf(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    public static ResolvConf Empty { get; } = new([], [], []);

    /// <summary>As the resolver reads it: the last `search` (or `domain`) line wins, comments start with # or ;.</summary>
    public static ResolvConf Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<string>();
        var searches = new List<string>();
        var options = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            var comment = line.IndexOfAny(['#', ';']);
            if (comment >= 0)
            {
                line = line[..comment];
            }
            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }
            switch (fields[0])
            {
                case "nameserver":
                    servers.Add(fields[1]);
                    break;
                case "search":
                case "domain":
                    searches.Clear();
                    searches.AddRange(fields[1..].Select(s => s.TrimEnd('.')));
                    break;
                case "options":
                    options.AddRange(fields[1..]);
                    break;
            }
        }
        return new ResolvConf(servers, searches, options);
    }

    public string Render()
    {
        var lines = new List<string>();
        if (Searches.Count > 0)
        {
            lines.Add("search " + string.Join(' ', Searches));
        }
        lines.AddRange(Nameservers.Select(s => "nameserver " + s));
        if (Options.Count > 0)
        {
            lines.Add("options " + string.Join(' ', Options));
        }
        return string.Concat(lines.Select(l => l + "\n"));
    }
}
