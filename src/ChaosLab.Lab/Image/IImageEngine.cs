using ChaosLab.Lab.Docker;

namespace ChaosLab.Lab.Image;

/// <summary>
/// The image calls the built-in images and `load-image` need beyond <see cref="IContainerEngine"/>:
/// build from a context, save to a tar, tag, and an exec fed from a file. A separate interface so
/// that the container engine's interface stays as it is; <see cref="DockerImageEngine"/> implements it.
/// </summary>
public interface IImageEngine
{
    /// <summary>The image's ID, or null when the engine has no such image.</summary>
    Task<string?> ImageIdAsync(string reference, CancellationToken ct = default);

    /// <summary>Points repository:tag at the image <paramref name="reference"/> names (like `docker tag`).</summary>
    Task TagAsync(string reference, string repository, string tag, CancellationToken ct = default);

    /// <summary>
    /// Builds an image from a build-context tar holding a Dockerfile (like `docker build` with the classic
    /// builder: a FROM image the engine has is used as it is, nothing is pulled) and tags it with every
    /// repository:tag of <paramref name="tags"/>. Each line the build prints goes to <paramref name="output"/>.
    /// </summary>
    Task BuildAsync(string contextTar, IReadOnlyList<string> tags, Action<string> output, CancellationToken ct = default);

    /// <summary>Writes the images, with their names, into one tar (like `docker save -o`).</summary>
    Task SaveAsync(IReadOnlyList<string> references, string tarPath, CancellationToken ct = default);

    /// <summary>Runs a command in a running container with a file as its standard input; returns its exit code and output.</summary>
    Task<ExecResult> ExecWithInputAsync(string container, IReadOnlyList<string> command, string inputFile, CancellationToken ct = default);
}
