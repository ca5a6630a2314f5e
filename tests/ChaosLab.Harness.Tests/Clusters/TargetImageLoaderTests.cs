using ChaosLab.Harness.Clusters;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;

namespace ChaosLab.Harness.Tests.Clusters;

/// <summary>A lab addressed only by its kubeconfig stands for kind or k3d: the harness must put back the images a node lost.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TargetImageLoaderTests
{
    private const string Echo = "docker.io/chaoslab/echo:latest";

    private static readonly string[] ListImages = ["ctr", "--namespace", "k8s.io", "images", "ls", "-q"];

    [Test]
    public async Task Images_taken_out_of_a_nodes_containerd_are_loaded_again_before_a_run()
    {
        using var engine = new DockerEngine();
        await TestLabs.PrepareMachineAsync(engine);
        var lab = await TestLabs.UpAsync(engine, "single", TestLabs.UniqueName("images"));
        try
        {
            var workers = lab.LabNodes().Where(n => n.RunsPods).ToList();
            var stripped = LabLabels.ContainerName(lab.Name, workers[0].Name);
            var removed = await engine.ExecAsync(stripped, ["ctr", "--namespace", "k8s.io", "images", "rm", Echo]);
            Assert.That(removed.Succeeded, Is.True, removed.Stderr);
            Assert.That((await engine.ExecAsync(stripped, ListImages)).Stdout, Does.Not.Contain(Echo));

            using var target = await ClusterTarget.ForKubeconfigAsync(engine, LabPaths.For(lab.Name).Kubeconfig, null, []);
            using var images = new DockerImageEngine();
            var loaded = await new TargetImageLoader(images, TestLabs.Progress).LoadAsync(target, prefix: null);

            Assert.That(target.Owned, Is.False);
            Assert.That(loaded, Is.EquivalentTo(workers.Select(w => w.Name)));
            foreach (var worker in workers)
            {
                var listed = await engine.ExecAsync(LabLabels.ContainerName(lab.Name, worker.Name), ListImages);
                Assert.That(listed.Stdout, Does.Contain(Echo).And.Contain("docker.io/chaoslab/shell:latest").And.Contain("docker.io/chaoslab/pause:latest"), worker.Name);
            }
        }
        finally
        {
            await new LabController(engine, TextLabProgress.Silent).DownAsync(lab.Name);
        }
    }
}
