using System.Diagnostics;
using System.Formats.Tar;
using System.Text;

namespace ChaosLab.Lab.Image;

/// <summary>Builds `chaoslab/agent` (see <see cref="AgentImageRecipe"/>) when its recipe's tag is missing, and tags it `latest`.</summary>
public sealed class AgentImage(Docker.IContainerEngine engine, IImageEngine images, ILabProgress progress)
{
    private const string WorkFolder = "/var/tmp";

    /// <summary>The recipe-tagged reference of the agent image for the code that runs, built if needed.</summary>
    public async Task<string> EnsureAsync(CancellationToken ct = default)
    {
        var files = AgentImageRecipe.AppFiles();
        var hash = AgentImageRecipe.AppHash(files);
        var reference = AgentImageRecipe.Reference(hash);
        if (await images.ImageIdAsync(reference, ct) is null)
        {
            using var buildLock = await AcquireLockAsync(ct);
            if (await images.ImageIdAsync(AgentImageRecipe.BaseReference, ct) is null)
            {
                await BuildBaseAsync(ct);
            }
            if (await images.ImageIdAsync(reference, ct) is null)
            {
                await BuildAppAsync(files, hash, reference, ct);
            }
        }
        await images.TagAsync(reference, AgentImageRecipe.Repository, WorkloadImages.LatestTag, ct);
        return reference;
    }

    private async Task BuildBaseAsync(CancellationToken ct)
    {
        var title = $"Building the agent's base image {AgentImageRecipe.BaseReference} from Debian packages";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var rootfs = Path.Combine(WorkFolder, $"chaoslab-agent-base-{Guid.NewGuid():N}.tar");
        try
        {
            await Mmdebstrap.RunAsync(AgentImageRecipe.BaseMmdebstrapArguments(rootfs), progress, ct);
            var tag = AgentImageRecipe.BaseReference.Split(':')[1];
            await engine.ImportImageAsync(rootfs, AgentImageRecipe.BaseRepository, tag, AgentImageRecipe.BaseImportChanges(AgentImageRecipe.BaseHash), ct);
        }
        finally
        {
            File.Delete(rootfs);
        }
        progress.Done(title, watch.Elapsed);
    }

    private async Task BuildAppAsync(IReadOnlyList<(string InContext, string OnHost)> files, string hash, string reference, CancellationToken ct)
    {
        var title = $"Building the agent image {reference} (chaoslab-node and the .NET runtime)";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var context = Path.Combine(WorkFolder, $"chaoslab-agent-{Guid.NewGuid():N}-context.tar");
        try
        {
            await using (var output = File.Create(context))
            await using (var writer = new TarWriter(output, TarEntryFormat.Pax))
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(AgentImageRecipe.Dockerfile(hash))),
                }, ct);
                foreach (var (inContext, onHost) in files)
                {
                    await writer.WriteEntryAsync(onHost, inContext, ct);
                }
            }
            progress.Detail($"sending a {new FileInfo(context).Length / 1024 / 1024} MB build context to the Docker engine");
            await images.BuildAsync(context, [reference], progress.Detail, ct);
        }
        finally
        {
            File.Delete(context);
        }
        progress.Done(title, watch.Elapsed);
    }

    private static async Task<FileStream> AcquireLockAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream("/var/tmp/chaoslab-agent-image.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
