using CliWrap;
using CliWrap.EventStream;

namespace ChaosLab.Lab.Image;

/// <summary>
/// Runs mmdebstrap with its output as progress detail; a failure names the exit code and the last
/// lines. The same way <see cref="NodeImageBuilder"/> runs it, for the workload images.
/// </summary>
public static class Mmdebstrap
{
    public const string Path = "/usr/bin/mmdebstrap";

    /// <exception cref="LabException">mmdebstrap or the host's sources are missing, or mmdebstrap failed.</exception>
    public static async Task RunAsync(IReadOnlyList<string> arguments, ILabProgress progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (!File.Exists(Path))
        {
            throw new LabException("mmdebstrap is not installed; run scripts/setup (it installs the lab's Debian packages)");
        }
        if (!File.Exists(NodeImageRecipe.HostSources))
        {
            throw new LabException($"{NodeImageRecipe.HostSources} not found: images are built from the host's own Debian sources");
        }
        var tail = new Queue<string>();
        var exitCode = -1;
        var command = Cli.Wrap(Path).WithArguments(arguments).WithValidation(CommandResultValidation.None);
        await foreach (var e in command.ListenAsync(ct))
        {
            switch (e)
            {
                case StandardOutputCommandEvent o:
                    Remember(tail, o.Text);
                    progress.Detail(o.Text);
                    break;
                case StandardErrorCommandEvent err:
                    Remember(tail, err.Text);
                    progress.Detail(err.Text);
                    break;
                case ExitedCommandEvent exited:
                    exitCode = exited.ExitCode;
                    break;
            }
        }
        if (exitCode != 0)
        {
            throw new LabException($"mmdebstrap failed with exit code {exitCode}; last lines:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
        }
    }

    private static void Remember(Queue<string> tail, string line)
    {
        tail.Enqueue(line);
        if (tail.Count > 15)
        {
            tail.Dequeue();
        }
    }
}
