using System.Formats.Tar;
using System.Text;

namespace ChaosLab.Lab.Image;

/// <summary>
/// The `docker build` context of chaoslab/echo as a tar: the Dockerfile, the host's .NET muxer with its
/// host/fxr and the one shared runtime (licence files included), and the echo server's build output.
/// </summary>
public static class EchoBuildContext
{
    /// <summary>What goes into the context: (file on the host, path in the context), Dockerfile aside.</summary>
    public static IEnumerable<(string Source, string Target)> Files(EchoImageRecipe recipe, string appDirectory, string hostDotnetRoot)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        foreach (var file in new[] { "dotnet", "LICENSE.txt", "ThirdPartyNotices.txt" })
        {
            var source = Path.Combine(hostDotnetRoot, file);
            if (File.Exists(source))
            {
                yield return (source, $"dotnet/{file}");
            }
        }
        foreach (var folder in new[] { Path.Combine("host", "fxr", recipe.HostFxrVersion), Path.Combine("shared", EchoImageRecipe.Runtime, recipe.RuntimeVersion) })
        {
            var root = Path.Combine(hostDotnetRoot, folder);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return (file, $"dotnet/{folder}/{Path.GetRelativePath(root, file)}");
            }
        }
        foreach (var (relative, _) in recipe.AppFiles)
        {
            yield return (Path.Combine(appDirectory, relative), $"app/{relative}");
        }
    }

    public static async Task WriteAsync(EchoImageRecipe recipe, string appDirectory, string hostDotnetRoot, string outputTar, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        await using var output = File.Create(outputTar);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax);
        var dockerfile = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(recipe.Dockerfile(recipe.Hash))),
        };
        await writer.WriteEntryAsync(dockerfile, ct);
        foreach (var (source, target) in Files(recipe, appDirectory, hostDotnetRoot))
        {
            await writer.WriteEntryAsync(source, target, ct);
        }
    }
}
