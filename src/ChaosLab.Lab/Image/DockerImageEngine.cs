using ChaosLab.Lab.Docker;
using global::Docker.DotNet;
using global::Docker.DotNet.Models;

namespace ChaosLab.Lab.Image;

/// <summary><see cref="IImageEngine"/> on the local Docker engine through Docker.DotNet, like <see cref="DockerEngine"/>.</summary>
public sealed class DockerImageEngine : IImageEngine, IDisposable
{
    private readonly DockerClient _client;

    public DockerImageEngine(string? endpoint = null)
    {
        var uri = new Uri(endpoint ?? Environment.GetEnvironmentVariable("DOCKER_HOST") ?? DockerEngine.DefaultSocket);
        // Saving and importing hundreds of MB, and building, take longer than an API call.
        _client = new DockerClientConfiguration(uri, defaultTimeout: TimeSpan.FromMinutes(15)).CreateClient();
    }

    public async Task<string?> ImageIdAsync(string reference, CancellationToken ct = default)
    {
        try
        {
            return (await _client.Images.InspectImageAsync(reference, ct)).ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public Task TagAsync(string reference, string repository, string tag, CancellationToken ct = default) =>
        _client.Images.TagImageAsync(reference, new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, ct);

    public async Task BuildAsync(string contextTar, IReadOnlyList<string> tags, Action<string> output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(output);
        await using var context = File.OpenRead(contextTar);
        string? error = null;
        var progress = new SynchronousProgress<JSONMessage>(message =>
        {
            if (message.Error is { Message.Length: > 0 } failure)
            {
                error = failure.Message;
            }
            else if (!string.IsNullOrEmpty(message.ErrorMessage))
            {
                error = message.ErrorMessage;
            }
            foreach (var line in (message.Stream ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                output(line);
            }
        });
        var parameters = new ImageBuildParameters
        {
            Tags = tags.ToList(),
            Dockerfile = "Dockerfile",
            // Intermediate containers of COPY steps go whether the build succeeds or not.
            Remove = true,
            ForceRemove = true,
        };
        await _client.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, progress, ct);
        if (error is not null)
        {
            throw new LabException($"docker build of {string.Join(", ", tags)} failed: {error}");
        }
    }

    public async Task SaveAsync(IReadOnlyList<string> references, string tarPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        await using var image = await _client.Images.SaveImagesAsync(references.ToArray(), ct);
        await using var file = File.Create(tarPath);
        await image.CopyToAsync(file, ct);
    }

    public async Task<ExecResult> ExecWithInputAsync(string container, IReadOnlyList<string> command, string inputFile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var exec = await _client.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, ct);
        using var stream = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, false, ct);
        // Output is read while input is written: a command that writes a lot before it reads all its input would otherwise stall both.
        var output = stream.ReadOutputToEndAsync(ct);
        await using (var input = File.OpenRead(inputFile))
        {
            await stream.CopyFromAsync(input, ct);
        }
        stream.CloseWrite();
        var (stdout, stderr) = await output;
        var inspect = await _client.Exec.InspectContainerExecAsync(exec.ID, ct);
        return new ExecResult(inspect.ExitCode, stdout, stderr);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Reports on the calling thread: <see cref="Progress{T}"/> posts to the thread pool, and the last message could come after the call returned.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
