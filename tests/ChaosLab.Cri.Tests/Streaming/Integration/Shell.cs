using System.Diagnostics;

namespace ChaosLab.Cri.Tests.Streaming.Integration;

/// <summary>Runs bash scripts for test set-up (docker, ctr, the chaoslab CLI) and fails loudly.</summary>
internal static class Shell
{
    public static async Task<string> RunAsync(string script, TimeSpan? timeout = null)
    {
        var result = await TryAsync(script, timeout);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"exit {result.ExitCode} from: {script}\n{result.Stderr}{result.Stdout}");
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryAsync(string script, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"timed out: {script}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A string as one single-quoted shell word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
