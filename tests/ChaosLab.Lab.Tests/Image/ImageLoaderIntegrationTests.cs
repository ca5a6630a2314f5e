using System.Diagnostics;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Lab.Tests.Image;

/// <summary>
/// The loader against a real containerd: a stand-in node (chaoslab/shell with the host's own containerd
/// 1.6 and ctr mounted in, run with the lab's node capabilities) imports the built-in images; a node
/// without ctr is named. All containers carry the lab labels with this process as owner.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ImageLoaderIntegrationTests
{
    private readonly DockerEngine _engine = new();
    private readonly DockerImageEngine _images = new();
    private readonly string _lab = TestLabs.UniqueName("load");
    private readonly string _labId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    [OneTimeSetUp]
    public async Task BuildImages()
    {
        await _engine.EnsureReachableAsync();
        await new WorkloadImages(_engine, _images, TestLabs.Progress).EnsureAsync();
    }

    [OneTimeTearDown]
    public async Task RemoveWhatTheTestsMade()
    {
        var containers = await Docker("ps", "-aq", "--filter", $"label={LabLabels.Lab}={_lab}");
        foreach (var id in containers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker("rm", "-f", id);
        }
        _images.Dispose();
        _engine.Dispose();
    }

    [Test]
    public async Task Images_are_imported_unpacked_into_the_cri_namespace_of_every_node()
    {
        Assume.That(File.Exists("/usr/bin/containerd") && File.Exists("/usr/bin/ctr"), "the host has no containerd to stand in for a node's");
        var nodes = new[] { await StartNodeWithContainerdAsync("worker-1"), await StartNodeWithContainerdAsync("worker-2") };
        var loader = new ImageLoader(_engine, _images, TestLabs.Progress);

        var watch = Stopwatch.StartNew();
        var loaded = await loader.LoadAsync(["chaoslab/pause", "chaoslab/echo"], nodes);
        await TestContext.Progress.WriteLineAsync($"loaded {string.Join(", ", loaded)} into {nodes.Length} nodes in {watch.Elapsed.TotalSeconds:0.0} s");

        foreach (var node in nodes)
        {
            var list = await _engine.ExecAsync(node.Container, ["ctr", "-n", "k8s.io", "images", "ls", "-q"]);
            var snapshots = await _engine.ExecAsync(node.Container, ["ctr", "-n", "k8s.io", "snapshots", "ls"]);
            Assert.Multiple(() =>
            {
                Assert.That(list.Stdout.Split('\n'), Does.Contain("docker.io/chaoslab/pause:latest").And.Contain("docker.io/chaoslab/echo:latest"), list.Stderr);
                // pause has one layer, echo two (shell's and its executable's): unpacked on import, each a committed snapshot.
                Assert.That(snapshots.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("Committed", StringComparison.Ordinal)),
                    Is.GreaterThanOrEqualTo(3), snapshots.Stdout);
            });
        }
        Assert.That(Directory.GetFiles("/var/tmp", "chaoslab-images-*.tar").Where(f => f.Contains($"-{Environment.ProcessId}-", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_node_without_ctr_is_named()
    {
        var container = $"{_lab}-bare";
        await Docker(["run", "-d", "--name", container, .. Labels("bare"), "chaoslab/shell", "sleep", "infinity"]);
        var loader = new ImageLoader(_engine, _images, TestLabs.Progress);

        Assert.That(() => loader.LoadAsync(["chaoslab/pause"], [new ImageTarget("bare", container)]),
            Throws.TypeOf<LabException>().With.Message.EqualTo("node bare has no container runtime (ctr not found)"));
    }

    private async Task<ImageTarget> StartNodeWithContainerdAsync(string node)
    {
        var container = $"{_lab}-{node}";
        var run = await Docker(
        [
            "run", "-d", "--name", container, .. Labels(node),
            // The lab's node flags (all capabilities but SYS_RESOURCE, seccomp and system paths unconfined).
            "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE", "--security-opt", "seccomp=unconfined", "--security-opt", "systempaths=unconfined",
            // containerd's root must not be on the container's own overlayfs for the overlayfs snapshotter.
            "--tmpfs", "/var/lib/containerd:exec",
            "-v", "/usr/bin/containerd:/usr/local/bin/containerd:ro", "-v", "/usr/bin/ctr:/usr/local/bin/ctr:ro",
            "chaoslab/shell", "sh", "-c", "containerd >/var/log/containerd.log 2>&1 & exec sleep infinity",
        ]);
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        await Waiter.UntilAsync($"containerd in {container}", TimeSpan.FromSeconds(30), async ct =>
        {
            var version = await _engine.ExecAsync(container, ["ctr", "version"], ct);
            return (version.Succeeded, version.Stderr);
        }, TimeSpan.FromMilliseconds(100));
        return new ImageTarget(node, container);
    }

    private string[] Labels(string node) =>
    [
        "--label", $"{LabLabels.Lab}={_lab}",
        "--label", $"{LabLabels.LabId}={_labId}",
        "--label", $"{LabLabels.Owner}={ProcessIdentity.Current}",
        "--label", $"{LabLabels.Node}={node}",
    ];

    private static Task<BufferedCommandResult> Docker(params string[] args) =>
        CliWrap.Cli.Wrap("docker").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
}
