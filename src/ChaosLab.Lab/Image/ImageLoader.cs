using System.Diagnostics;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Lab.Image;

/// <summary>A node to load images into: its lab name and its container.</summary>
public sealed record ImageTarget(string Node, string Container);

/// <summary>
/// Puts images of the host's Docker engine into nodes' containerd, where the kubelet's pods find them
/// (no registry exists, like `kind load docker-image`): one `docker save` into a tar under /var/tmp,
/// then `ctr -n k8s.io images import -` in every node at once, the tar streamed to its stdin (the
/// nodes' /tmp and /run are tmpfs mounts, where `docker cp` cannot write). Images are unpacked on
/// import, so a pod's first start does not wait for it.
/// </summary>
public sealed class ImageLoader(IContainerEngine engine, IImageEngine images, ILabProgress progress)
{
    /// <summary>containerd's namespace for the CRI plugin: the kubelet sees only images there.</summary>
    public const string Namespace = "k8s.io";

    /// <summary>Exit code of <see cref="RuntimeCheckCommand"/> when the node has no ctr.</summary>
    public const int NoCtrExitCode = 127;

    private const string WorkFolder = "/var/tmp";

    /// <summary>Unpacking is left on (ctr's default): the overlayfs snapshot is made now rather than at the first pod start.</summary>
    public static IReadOnlyList<string> ImportCommand { get; } = ["ctr", "--namespace", Namespace, "images", "import", "-"];

    /// <summary>Exits 127 without ctr; otherwise `ctr version` fails when containerd does not answer.</summary>
    public static IReadOnlyList<string> RuntimeCheckCommand { get; } =
        ["sh", "-c", $"command -v ctr >/dev/null 2>&1 || exit {NoCtrExitCode}; ctr --namespace {Namespace} version"];

    /// <returns>The references loaded, each with a tag.</returns>
    /// <exception cref="InvalidLabInputException">An image is not in the host's engine, or no image was given.</exception>
    /// <exception cref="LabException">A node has no container runtime, or an import failed (all nodes' failures named).</exception>
    public async Task<IReadOnlyList<string>> LoadAsync(IReadOnlyList<string> references, IReadOnlyList<ImageTarget> nodes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(nodes);
        var tagged = references.Select(ImageReference.WithTag).Distinct(StringComparer.Ordinal).ToList();
        if (tagged.Count == 0)
        {
            throw new InvalidLabInputException("no image given to load");
        }
        foreach (var reference in tagged)
        {
            if (await images.ImageIdAsync(reference, ct) is null)
            {
                throw new InvalidLabInputException(
                    $"image '{reference}' is not in the host's Docker engine; build it (`docker build -t {reference} .`) or pull it (`docker pull {reference}`) first");
            }
        }
        if (nodes.Count == 0)
        {
            return tagged;
        }
        await CheckRuntimesAsync(nodes, ct);

        var title = $"Loading {string.Join(", ", tagged)} into {nodes.Count} node(s)";
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var tar = Path.Combine(WorkFolder, $"chaoslab-images-{Environment.ProcessId}-{Guid.NewGuid():N}.tar");
        try
        {
            await images.SaveAsync(tagged, tar, ct);
            progress.Detail($"saved {new FileInfo(tar).Length / 1024 / 1024} MB; importing into {string.Join(", ", nodes.Select(n => n.Node))}");
            var failures = await Task.WhenAll(nodes.Select(n => ImportAsync(n, tar, ct)));
            if (failures.OfType<string>().ToList() is { Count: > 0 } failed)
            {
                throw new LabException($"loading {string.Join(", ", tagged)} failed on {failed.Count} of {nodes.Count} node(s):{Environment.NewLine}{string.Join(Environment.NewLine, failed)}");
            }
        }
        finally
        {
            File.Delete(tar);
        }
        progress.Done(title, watch.Elapsed);
        return tagged;
    }

    /// <summary>Before saving hundreds of MB: every node must have ctr and a containerd that answers.</summary>
    private async Task CheckRuntimesAsync(IReadOnlyList<ImageTarget> nodes, CancellationToken ct)
    {
        var problems = await Task.WhenAll(nodes.Select(async node =>
        {
            ExecResult result;
            try
            {
                result = await engine.ExecAsync(node.Container, RuntimeCheckCommand, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return $"node {node.Node}: its container {node.Container} cannot run commands ({ex.Message})";
            }
            return result.ExitCode switch
            {
                0 => null,
                NoCtrExitCode => $"node {node.Node} has no container runtime (ctr not found)",
                _ => $"node {node.Node}: containerd does not answer (ctr version exited {result.ExitCode}): {Output(result)}",
            };
        }));
        if (problems.OfType<string>().ToList() is { Count: > 0 } found)
        {
            throw new LabException(string.Join(Environment.NewLine, found));
        }
    }

    /// <returns>Null when the node imported the tar; otherwise a line naming the node and ctr's output.</returns>
    private async Task<string?> ImportAsync(ImageTarget node, string tar, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        ExecResult result;
        try
        {
            result = await images.ExecWithInputAsync(node.Container, ImportCommand, tar, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"node {node.Node}: {string.Join(' ', ImportCommand)} could not run: {ex.Message}";
        }
        if (!result.Succeeded)
        {
            return $"node {node.Node}: {string.Join(' ', ImportCommand)} exited {result.ExitCode}: {Output(result)}";
        }
        progress.Detail($"{node.Node}: imported in {watch.Elapsed.TotalSeconds:0.0} s");
        return null;
    }

    private static string Output(ExecResult result) =>
        string.Join(' ', (result.Stderr + result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) is { Length: > 0 } text
            ? text
            : "(no output)";
}
