using ChaosLab.Kubelet.Volumes;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class LinuxHostMountsTests
{
    // The kernel's mountinfo escapes space, tab, newline and backslash as three octal digits.
    [TestCase("/var/lib/kubelet", "/var/lib/kubelet")]
    [TestCase(@"/mnt/with\040space", "/mnt/with space")]
    [TestCase(@"/mnt/tab\011and\012newline", "/mnt/tab\tand\nnewline")]
    [TestCase(@"/mnt/back\134slash", @"/mnt/back\slash")]
    [TestCase(@"/mnt/not\08escape", @"/mnt/not\08escape")]
    [TestCase(@"/mnt/end\04", @"/mnt/end\04")]
    [TestCase(@"/mnt/café\040menu", "/mnt/café menu")]
    [TestCase(@"/mnt/😀\040emoji", "/mnt/😀 emoji")]
    public void Unescape_reverses_mountinfos_octal_escapes(string field, string path) =>
        Assert.That(LinuxHostMounts.Unescape(field), Is.EqualTo(path));

    [Test]
    public void A_fresh_directory_has_nothing_mounted_under_it()
    {
        var dir = Directory.CreateTempSubdirectory("mounts-").FullName;
        try
        {
            Assert.That(new LinuxHostMounts().MountPointsUnder(dir), Is.Empty);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Test]
    public void Mount_points_under_a_path_include_it_and_come_deepest_first()
    {
        var points = new LinuxHostMounts().MountPointsUnder("/proc/");

        Assert.That(points, Does.Contain("/proc"));
        Assert.That(points, Is.Ordered.Descending.By(nameof(string.Length)));
        Assert.That(points, Has.All.Matches<string>(p => p == "/proc" || p.StartsWith("/proc/", StringComparison.Ordinal)));
    }
}
