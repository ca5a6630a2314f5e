using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// How an exec'd command is started: argv as given (no shell in between) in the pod's network namespace, with the
/// container's environment and working directory, in a session of its own so it can be stopped with all it started.
/// A tty comes from util-linux `script`, which runs the command on a fresh pseudo-terminal.
/// </summary>
public static class ExecCommandLine
{
    public const string Script = "/usr/bin/script";

    public static ProcessStartInfo StartInfo(ExecTarget target, ExecQuery query, TerminalSize? size = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(query);
        var info = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = target.WorkingDirectory,
        };
        string[] prefix = ["ip", "netns", "exec", target.Netns];
        IEnumerable<string> command = query.Tty
            ? [Script, "--quiet", "--return", "--echo", "always", "--command", ShellCommand(query.Command, size), "/dev/null"]
            : query.Command;
        foreach (var arg in prefix.Concat(command))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Clear();
        foreach (var (key, value) in target.Environment)
        {
            info.Environment[key] = value;
        }
        if (query.Tty && !info.Environment.ContainsKey("TERM"))
        {
            info.Environment["TERM"] = "xterm";
        }
        return info;
    }

    /// <summary>
    /// argv as one /bin/sh command line (script takes a command line): each word single-quoted, exec'd so the pty's
    /// process is the command. The pty starts at 0x0, so the client's size is set on it first.
    /// </summary>
    public static string ShellCommand(IReadOnlyList<string> argv, TerminalSize? size = null)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var line = new StringBuilder();
        if (size is { } s)
        {
            line.Append(CultureInfo.InvariantCulture, $"stty rows {s.Height} cols {s.Width} 2>/dev/null; ");
        }
        line.Append("exec");
        foreach (var word in argv)
        {
            line.Append(" '").Append(word.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }
        return line.ToString();
    }
}
