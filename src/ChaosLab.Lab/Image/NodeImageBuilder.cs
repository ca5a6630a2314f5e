using System.Diagnostics;
using ChaosLab.Lab.Docker;
using CliWrap;
using CliWrap.EventStream;

namespace ChaosLab.Lab.Image;

/// <summary>
/// Builds the node image from Debian packages with mmdebstrap and imports it into the engine.
/// Nothing is pulled: no registry exists here. A cached image with the recipe's tag is reused.
/// </summary>
public sealed class NodeImageBuilder(IContainerEngine engine, ILabProgress progress)
{
    private const string LockPath = "/var/tmp/chaoslab-node-image.lock";

    /// <summary>Returns the image reference, building it first if the engine lacks it.</summary>
    public async Task<string> EnsureAsync(CancellationToken ct = default)
    {
        var reference = NodeImageRecipe.Reference;
        if (await engine.ImageExistsAsync(reference, ct))
        {
            return reference;
        }
        // Two labs coming up at once must not both build: the second waits and then finds the image.
        using var buildLock = await AcquireLockAsync(ct);
        if (!await engine.ImageExistsAsync(reference, ct))
        {
            await BuildAsync(ct);
        }
        return reference;
    }

    public async Task BuildAsync(CancellationToken ct = default)
    {
        if (!File.Exists("/usr/bin/mmdebstrap"))
        {
            throw new LabException("mmdebstrap is not installed; run scripts/setup (it installs the lab's Debian packages)");
        }
        if (!File.Exists(NodeImageRecipe.HostSources))
        {
            throw new LabException($"{NodeImageRecipe.HostSources} not found: the node image is built from the host's own Debian sources");
        }
        var title = $"Building node image {NodeImageRecipe.Reference} from Debian packages";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var tar = Path.Combine("/var/tmp", $"chaoslab-node-{NodeImageRecipe.Tag}.tar");
        try
        {
            var tail = new Queue<string>();
            var command = Cli.Wrap("/usr/bin/mmdebstrap")
                .WithArguments(NodeImageRecipe.MmdebstrapArguments(tar))
                .WithValidation(CommandResultValidation.None);
            int exitCode = -1;
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
            progress.Detail($"importing {new FileInfo(tar).Length / 1024 / 1024} MB into the Docker engine");
            await engine.ImportImageAsync(tar, NodeImageRecipe.Repository, NodeImageRecipe.Tag, NodeImageRecipe.ImportChanges(NodeImageRecipe.Hash), ct);
        }
        finally
        {
            File.Delete(tar);
        }
        progress.Done(title, watch.Elapsed);
    }

    private static void Remember(Queue<string> tail, string line)
    {
        tail.Enqueue(line);
        if (tail.Count > 15)
        {
            tail.Dequeue();
        }
    }

    private static async Task<FileStream> AcquireLockAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
