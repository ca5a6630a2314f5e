using System.Diagnostics;

namespace ChaosLab.Node.Agent;

/// <summary>What one tool run printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs the node tools the agent acts through (iptables, tc, ip) in its own namespaces: the node's network, with hostNetwork.</summary>
internal static class Tools
{
    public static async Task<ToolResult> RunAsync(string file, IReadOnlyList<string> args, bool check = true, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var result = new ToolResult(process.ExitCode, await stdout, await stderr);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
        return result;
    }
}
