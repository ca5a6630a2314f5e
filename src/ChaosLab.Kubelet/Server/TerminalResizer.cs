using System.Diagnostics;
using System.Globalization;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Applies a new terminal size to the pseudo-terminal `script` opened for an exec: the pty is the one its child reads
/// from, and stty sets its size, which signals SIGWINCH to the command.
/// </summary>
public sealed class TerminalResizer(int scriptPid)
{
    public async Task ResizeAsync(TerminalSize size, CancellationToken ct)
    {
        // Right after the start script may not have made the pty yet.
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (FindPty() is { } pty)
            {
                var stty = new ProcessStartInfo("stty") { UseShellExecute = false, RedirectStandardError = true };
                foreach (var arg in new[] { "-F", pty, "rows", size.Height.ToString(CultureInfo.InvariantCulture), "cols", size.Width.ToString(CultureInfo.InvariantCulture) })
                {
                    stty.ArgumentList.Add(arg);
                }
                using var process = Process.Start(stty);
                if (process is not null)
                {
                    await process.WaitForExitAsync(ct);
                }
                return;
            }
            await Task.Delay(50, ct);
        }
    }

    private string? FindPty()
    {
        try
        {
            var children = File.ReadAllText($"/proc/{scriptPid}/task/{scriptPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var child in children)
            {
                var target = new FileInfo($"/proc/{child}/fd/0").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
                if (target is not null && target.StartsWith("/dev/pts/", StringComparison.Ordinal))
                {
                    return target;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
