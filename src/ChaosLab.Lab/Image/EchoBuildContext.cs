using System.Formats.Tar;
using System.Text;

namespace ChaosLab.Lab.Image;

/// <summary>The `docker build` context of chaoslab/echo as a tar: the Dockerfile and the echo server's executable.</summary>
public static class EchoBuildContext
{
    public static async Task WriteAsync(EchoImageRecipe recipe, string appDirectory, string outputTar, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        await using var output = File.Create(outputTar);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax);
        var dockerfile = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(recipe.Dockerfile(recipe.Hash))),
        };
        await writer.WriteEntryAsync(dockerfile, ct);
        await writer.WriteEntryAsync(EchoImageRecipe.ExecutablePath(appDirectory), $"app/{EchoImageRecipe.Executable}", ct);
    }
}
