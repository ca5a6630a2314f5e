using System.Diagnostics;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Image;

/// <summary>
/// The images pods run, built on this machine from Debian packages and the solution's build (no
/// registry exists): chaoslab/pause, chaoslab/shell and chaoslab/echo. Each is tagged with its recipe's
/// hash and with `latest`; an image whose recipe tag exists is reused, and only `latest` is pointed at it.
/// </summary>
public sealed class WorkloadImages(IContainerEngine engine, IImageEngine images, ILabProgress progress)
{
    public const string Pause = PauseImageRecipe.Repository;
    public const string Shell = ShellImageRecipe.Repository;
    public const string Echo = EchoImageRecipe.Repository;
    public const string LatestTag = "latest";

    /// <summary>Held while building, so that two labs coming up at once do not both build (the node image has its own).</summary>
    public const string LockPath = "/var/tmp/chaoslab-workload-images.lock";

    private const string WorkFolder = "/var/tmp";

    public static IReadOnlyList<string> All { get; } = [Pause, Shell, Echo];

    public static bool IsBuiltIn(string repository) => All.Contains(repository);

    /// <summary>
    /// Builds what is missing of <paramref name="repositories"/> (default: all three; echo needs shell) and
    /// returns their `repository:latest` references.
    /// </summary>
    /// <exception cref="LabException">A build failed, or the echo server is not built.</exception>
    public async Task<IReadOnlyList<string>> EnsureAsync(IReadOnlyCollection<string>? repositories = null, CancellationToken ct = default)
    {
        repositories ??= All;
        if (repositories.FirstOrDefault(r => !IsBuiltIn(r)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a built-in image; built-in images are {string.Join(", ", All)}", nameof(repositories));
        }
        var wanted = new List<Wanted>();
        if (repositories.Contains(Pause))
        {
            wanted.Add(new Wanted(Pause, PauseImageRecipe.Reference, BuildPauseAsync));
        }
        if (repositories.Contains(Shell) || repositories.Contains(Echo))
        {
            wanted.Add(new Wanted(Shell, ShellImageRecipe.Reference, BuildShellAsync));
        }
        if (repositories.Contains(Echo))
        {
            // Read before anything is built: an echo server that is not built fails at once.
            var echo = EchoImageRecipe.ForHost(ShellImageRecipe.Reference);
            wanted.Add(new Wanted(Echo, echo.Reference, c => BuildEchoAsync(echo, c)));
        }
        if (!await AllExistAsync(wanted, ct))
        {
            using var buildLock = await AcquireLockAsync(ct);
            // In order: echo is built FROM the shell image.
            foreach (var image in wanted)
            {
                if (await images.ImageIdAsync(image.Reference, ct) is null)
                {
                    await image.Build(ct);
                }
            }
        }
        foreach (var image in wanted)
        {
            await PointLatestAtAsync(image, ct);
        }
        return wanted.Where(w => repositories.Contains(w.Repository)).Select(w => $"{w.Repository}:{LatestTag}").ToList();
    }

    private async Task<bool> AllExistAsync(IEnumerable<Wanted> wanted, CancellationToken ct)
    {
        foreach (var image in wanted)
        {
            if (!await engine.ImageExistsAsync(image.Reference, ct))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>`latest` follows the recipe of the code that runs: after a checkout of other code it moves to that code's image.</summary>
    private async Task PointLatestAtAsync(Wanted image, CancellationToken ct)
    {
        var id = await images.ImageIdAsync(image.Reference, ct) ?? throw new LabException($"{image.Reference} is not in the Docker engine after its build");
        if (await images.ImageIdAsync($"{image.Repository}:{LatestTag}", ct) != id)
        {
            await images.TagAsync(image.Reference, image.Repository, LatestTag, ct);
        }
    }

    private async Task BuildPauseAsync(CancellationToken ct)
    {
        var title = $"Building pod sandbox image {PauseImageRecipe.Reference} from {PauseImageRecipe.Package}";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var package = Path.Combine(WorkFolder, $"chaoslab-pause-{PauseImageRecipe.Tag}-package.tar");
        var rootfs = Path.Combine(WorkFolder, $"chaoslab-pause-{PauseImageRecipe.Tag}.tar");
        try
        {
            await Mmdebstrap.RunAsync(PauseImageRecipe.MmdebstrapArguments(package), progress, ct);
            await PauseRootFilesystem.WriteFromPackageTarAsync(package, rootfs, ct);
            progress.Detail($"importing {new FileInfo(rootfs).Length / 1024} KB into the Docker engine");
            await engine.ImportImageAsync(rootfs, PauseImageRecipe.Repository, PauseImageRecipe.Tag, PauseImageRecipe.ImportChanges(PauseImageRecipe.Hash), ct);
        }
        finally
        {
            File.Delete(package);
            File.Delete(rootfs);
        }
        progress.Done(title, watch.Elapsed);
    }

    private async Task BuildShellAsync(CancellationToken ct)
    {
        var title = $"Building shell image {ShellImageRecipe.Reference} from Debian packages";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var rootfs = Path.Combine(WorkFolder, $"chaoslab-shell-{ShellImageRecipe.Tag}.tar");
        try
        {
            await Mmdebstrap.RunAsync(ShellImageRecipe.MmdebstrapArguments(rootfs), progress, ct);
            progress.Detail($"importing {new FileInfo(rootfs).Length / 1024 / 1024} MB into the Docker engine");
            await engine.ImportImageAsync(rootfs, ShellImageRecipe.Repository, ShellImageRecipe.Tag, ShellImageRecipe.ImportChanges(ShellImageRecipe.Hash), ct);
        }
        finally
        {
            File.Delete(rootfs);
        }
        progress.Done(title, watch.Elapsed);
    }

    private async Task BuildEchoAsync(EchoImageRecipe recipe, CancellationToken ct)
    {
        var title = $"Building echo image {recipe.Reference} (the NativeAOT echo server on {ShellImageRecipe.Repository})";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var context = Path.Combine(WorkFolder, $"chaoslab-echo-{recipe.Tag}-context.tar");
        try
        {
            await EchoBuildContext.WriteAsync(recipe, EchoImageRecipe.BuildDirectory, context, ct);
            progress.Detail($"sending a {new FileInfo(context).Length / 1024 / 1024} MB build context to the Docker engine");
            await images.BuildAsync(context, [recipe.Reference], progress.Detail, ct);
        }
        finally
        {
            File.Delete(context);
        }
        progress.Done(title, watch.Elapsed);
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken ct)
    {
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!waiting)
                {
                    progress.Detail($"another run is building workload images ({LockPath}); waiting for it");
                    waiting = true;
                }
                await Task.Delay(500, ct);
            }
        }
    }

    private sealed record Wanted(string Repository, string Reference, Func<CancellationToken, Task> Build);
}
