using System.Collections.Concurrent;
using System.Reflection;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;

namespace ChaosLab.Lab.Tests.Image;

[Category("Unit")]
public sealed class ImageLoaderTests
{
    private static readonly ImageTarget[] Workers = [new("worker-1", "chaoslab-t-worker-1"), new("worker-2", "chaoslab-t-worker-2")];

    [Test]
    public void Import_streams_the_tar_into_ctr_in_the_cri_namespace_and_unpacks() =>
        Assert.That(ImageLoader.ImportCommand, Is.EqualTo(new[] { "ctr", "--namespace", "k8s.io", "images", "import", "-" }));

    [Test]
    public async Task Saves_once_with_tags_and_imports_into_every_node_then_removes_the_tar()
    {
        var images = new FakeImages("chaoslab/echo:latest", "app:1");
        var loader = new ImageLoader(Nodes.WithRuntime(), images, TextLabProgress.Silent);

        var loaded = await loader.LoadAsync(["chaoslab/echo", "app:1", "chaoslab/echo:latest"], Workers);

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.EqualTo(new[] { "chaoslab/echo:latest", "app:1" }));
            Assert.That(images.Saves, Has.Count.EqualTo(1));
            Assert.That(images.Saves[0].References, Is.EqualTo(loaded));
            Assert.That(images.Saves[0].Path, Does.StartWith("/var/tmp/"));
            Assert.That(images.Imports.Select(i => i.Container), Is.EquivalentTo(Workers.Select(w => w.Container)));
            Assert.That(images.Imports.Select(i => i.Input), Has.All.EqualTo(images.Saves[0].Path));
            Assert.That(File.Exists(images.Saves[0].Path), Is.False, "the saved tar is removed afterwards");
        });
    }

    [Test]
    public void An_image_the_engine_lacks_is_invalid_input_that_says_to_build_or_pull_it()
    {
        var loader = new ImageLoader(Nodes.WithRuntime(), new FakeImages("chaoslab/echo:latest"), TextLabProgress.Silent);

        Assert.That(() => loader.LoadAsync(["chaoslab/echo", "myapp"], Workers),
            Throws.TypeOf<InvalidLabInputException>().With.Message.Contains("'myapp:latest'")
                .And.Message.Contains("docker build").And.Message.Contains("docker pull"));
    }

    [Test]
    public void A_node_without_ctr_is_named_and_nothing_is_saved()
    {
        var images = new FakeImages("chaoslab/echo:latest");
        var loader = new ImageLoader(Nodes.With(container => container.EndsWith("worker-2", StringComparison.Ordinal) ? new ExecResult(127, "", "") : new ExecResult(0, "Server: 1.6.20", "")), images, TextLabProgress.Silent);

        Assert.That(() => loader.LoadAsync(["chaoslab/echo"], Workers),
            Throws.TypeOf<LabException>().With.Message.EqualTo("node worker-2 has no container runtime (ctr not found)"));
        Assert.That(images.Saves, Is.Empty);
    }

    [Test]
    public void A_containerd_that_does_not_answer_is_named_with_ctrs_output()
    {
        var loader = new ImageLoader(Nodes.With(_ => new ExecResult(1, "", "ctr: failed to dial \"/run/containerd/containerd.sock\": connection refused\n")),
            new FakeImages("chaoslab/echo:latest"), TextLabProgress.Silent);

        Assert.That(() => loader.LoadAsync(["chaoslab/echo"], Workers[..1]),
            Throws.TypeOf<LabException>().With.Message.Contains("node worker-1: containerd does not answer").And.Message.Contains("connection refused"));
    }

    [Test]
    public void A_failed_import_names_the_node_and_ctrs_output_and_the_tar_still_goes()
    {
        var images = new FakeImages("chaoslab/echo:latest")
        {
            Import = container => container.EndsWith("worker-1", StringComparison.Ordinal)
                ? new ExecResult(1, "", "ctr: unpack: failed to extract layer: no space left on device\n")
                : new ExecResult(0, "unpacking docker.io/chaoslab/echo:latest...done\n", ""),
        };
        var loader = new ImageLoader(Nodes.WithRuntime(), images, TextLabProgress.Silent);

        Assert.That(() => loader.LoadAsync(["chaoslab/echo"], Workers),
            Throws.TypeOf<LabException>().With.Message.Contains("failed on 1 of 2 node(s)")
                .And.Message.Contains("node worker-1: ctr --namespace k8s.io images import - exited 1: ctr: unpack: failed to extract layer: no space left on device")
                .And.Message.Not.Contains("worker-2"));
        Assert.That(File.Exists(images.Saves.Single().Path), Is.False);
    }

    private sealed class FakeImages(params string[] present) : IImageEngine
    {
        public List<(IReadOnlyList<string> References, string Path)> Saves { get; } = [];

        public ConcurrentBag<(string Container, string Input)> Imports { get; } = [];

        public Func<string, ExecResult> Import { get; init; } = _ => new ExecResult(0, "", "");

        public Task<string?> ImageIdAsync(string reference, CancellationToken ct = default) =>
            Task.FromResult(present.Contains(reference) ? "sha256:" + reference : null);

        public Task TagAsync(string reference, string repository, string tag, CancellationToken ct = default) => throw new NotSupportedException();

        public Task BuildAsync(string contextTar, IReadOnlyList<string> tags, Action<string> output, CancellationToken ct = default) => throw new NotSupportedException();

        public async Task SaveAsync(IReadOnlyList<string> references, string tarPath, CancellationToken ct = default)
        {
            Saves.Add((references, tarPath));
            await File.WriteAllTextAsync(tarPath, "tar", ct);
        }

        public Task<ExecResult> ExecWithInputAsync(string container, IReadOnlyList<string> command, string inputFile, CancellationToken ct = default)
        {
            Assert.That(command, Is.EqualTo(ImageLoader.ImportCommand));
            Assert.That(File.Exists(inputFile), Is.True, "the tar exists while nodes import it");
            Imports.Add((container, inputFile));
            return Task.FromResult(Import(container));
        }
    }

    /// <summary>A container engine that answers only exec (the runtime check); a proxy, so engine methods added later need no change here.</summary>
    public class Nodes : DispatchProxy
    {
        private Func<string, ExecResult> _exec = _ => new ExecResult(0, "", "");

        public static IContainerEngine WithRuntime() => With(_ => new ExecResult(0, "Client: 1.6.20\nServer: 1.6.20\n", ""));

        public static IContainerEngine With(Func<string, ExecResult> exec)
        {
            var engine = Create<IContainerEngine, Nodes>();
            ((Nodes)(object)engine)._exec = exec;
            return engine;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IContainerEngine.ExecAsync) && args is [string container, IReadOnlyList<string> command, ..])
            {
                Assert.That(command, Is.EqualTo(ImageLoader.RuntimeCheckCommand));
                return Task.FromResult(_exec(container));
            }
            throw new NotSupportedException($"the image loader should not call {targetMethod?.Name}");
        }
    }
}
