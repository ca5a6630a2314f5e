using ChaosLab.Kubelet.Volumes;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class VolumeLayoutTests
{
    [Test]
    public void Volumes_live_where_upstreams_kubelet_puts_them()
    {
        var layout = new VolumeLayout("/var/lib/kubelet");

        Assert.That(layout.PodsDirectory, Is.EqualTo("/var/lib/kubelet/pods"));
        Assert.That(layout.PodDirectory("0d5c-uid"), Is.EqualTo("/var/lib/kubelet/pods/0d5c-uid"));
        Assert.That(layout.VolumeDirectory("0d5c-uid", VolumeLayout.ConfigMap, "config"),
            Is.EqualTo("/var/lib/kubelet/pods/0d5c-uid/volumes/kubernetes.io~configmap/config"));
    }

    [Test]
    public void Plugin_directories_have_upstreams_names()
    {
        Assert.That(new[] { VolumeLayout.EmptyDir, VolumeLayout.ConfigMap, VolumeLayout.Secret, VolumeLayout.Projected, VolumeLayout.DownwardApi },
            Is.EqualTo(new[] { "kubernetes.io~empty-dir", "kubernetes.io~configmap", "kubernetes.io~secret", "kubernetes.io~projected", "kubernetes.io~downward-api" }));
    }

    [TestCase("")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase("../../etc")]
    [TestCase("a/b")]
    [TestCase("nul\0")]
    public void A_uid_that_is_not_one_plain_path_component_is_refused(string uid)
    {
        var layout = new VolumeLayout("/var/lib/kubelet");

        Assert.Throws<ArgumentException>(() => layout.PodDirectory(uid));
        Assert.Throws<ArgumentException>(() => layout.VolumeDirectory(uid, VolumeLayout.EmptyDir, "x"));
    }
}
